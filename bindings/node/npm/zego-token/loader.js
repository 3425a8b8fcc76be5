'use strict';
// Finds the prebuilt addon of this platform: one npm package per platform, listed in the main
// package's optionalDependencies, so npm installs only the one whose os/cpu/libc fields match.

/** Platform key (as in the package names) -> the package that carries its addon. */
const SUPPORTED = Object.freeze({
  'linux-x64-gnu': '@zego-token/linux-x64-gnu',
  'linux-arm64-gnu': '@zego-token/linux-arm64-gnu',
});

function detectLibc() {
  // glibcVersionRuntime is set by Node only when it runs on glibc.
  const report = process.report && typeof process.report.getReport === 'function'
    ? process.report.getReport()
    : null;
  return report && report.header && report.header.glibcVersionRuntime ? 'gnu' : 'musl';
}

/** The platform key of { platform, arch, libc } (libc only matters on Linux). */
function platformKey({ platform, arch, libc }) {
  return platform === 'linux' ? `${platform}-${arch}-${libc}` : `${platform}-${arch}`;
}

class UnsupportedPlatformError extends Error {
  constructor(key, detail) {
    super(
      `zego-token has no prebuilt native addon for this platform (${key}); ` +
        `supported: ${Object.keys(SUPPORTED).join(', ')}` +
        (detail ? `. ${detail}` : ''),
    );
    this.name = 'UnsupportedPlatformError';
    this.code = 'ERR_ZEGO_TOKEN_UNSUPPORTED_PLATFORM';
    this.platform = key;
  }
}

/**
 * The package name of the addon for `target` (default: this process), or one
 * UnsupportedPlatformError naming the platform and the supported ones.
 */
function resolveBindingPackage(target) {
  const t = target || {};
  const platform = t.platform || process.platform;
  const arch = t.arch || process.arch;
  const libc = t.libc || (platform === 'linux' ? detectLibc() : undefined);
  const key = platformKey({ platform, arch, libc });
  const pkg = SUPPORTED[key];
  if (!pkg) throw new UnsupportedPlatformError(key);
  return { key, pkg };
}

/** Loads this platform's addon (once; the caller caches it). */
function loadBinding() {
  const { key, pkg } = resolveBindingPackage();
  try {
    return require(pkg);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(pkg)) {
      throw new UnsupportedPlatformError(
        key,
        `Its package ${pkg} is not installed: reinstall zego-token without --no-optional / --omit=optional`,
      );
    }
    throw e;
  }
}

module.exports = { SUPPORTED, platformKey, resolveBindingPackage, loadBinding, UnsupportedPlatformError };
