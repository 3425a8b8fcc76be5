//! Nothing: this package holds the criterion benchmark (`token.rs`) only.
