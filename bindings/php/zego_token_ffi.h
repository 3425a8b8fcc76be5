#define FFI_SCOPE "ZEGO_TOKEN"
#define FFI_LIB "libzego_token.so.0"

/*
 * The C API of include/zego_token.h in the dialect PHP's FFI parser accepts: no #include, no
 * #ifdef, no macros other than FFI_SCOPE and FFI_LIB. Loaded by preload.php (FFI::load, in
 * opcache.preload) or by the ffi.preload ini setting; at request time ZegoToken\ uses
 * FFI::scope("ZEGO_TOKEN"). FFI_LIB is the SONAME, found by the system loader (ld.so) wherever
 * `make install` put the library (run ldconfig after installing to /usr/local/lib). The
 * bindings/php/ci-test.sh checks that each prototype here is the one in include/zego_token.h.
 */

typedef struct ZegoToken04Generator ZegoToken04Generator;

typedef struct ZegoToken04Claims {
  uint32_t app_id;
  char *user_id;
  int64_t nonce;
  int64_t ctime;
  int64_t expire;
  char *payload;
  int32_t mode;
} ZegoToken04Claims;

int32_t zego_generate_token04(uint32_t app_id,
                              const char *user_id,
                              const char *secret,
                              int64_t effective_time_in_seconds,
                              const char *payload,
                              char **out_token);

int32_t zego_generate_token04_gcm(uint32_t app_id,
                                  const char *user_id,
                                  const char *secret,
                                  int64_t effective_time_in_seconds,
                                  const char *payload,
                                  char **out_token);

void zego_string_free(char *s);

const char *zego_error_message(int32_t code);

const char *zego_token_version(void);

int32_t zego_token04_decode(const char *token, const char *secret, struct ZegoToken04Claims *out_claims);

int32_t zego_token04_verify(const char *token,
                            const char *secret,
                            uint32_t expected_app_id,
                            int64_t now_unix_seconds,
                            struct ZegoToken04Claims *out_claims);

int32_t zego_token04_verify_flags(const char *token,
                                  const char *secret,
                                  uint32_t expected_app_id,
                                  int64_t now_unix_seconds,
                                  uint32_t flags,
                                  struct ZegoToken04Claims *out_claims);

void zego_token04_claims_free(struct ZegoToken04Claims *claims);

int32_t zego_build_rtc_room_payload(const char *room_id,
                                    int32_t can_login_room,
                                    int32_t can_publish_stream,
                                    const char *const *stream_ids,
                                    size_t stream_id_count,
                                    char **out_payload);

int32_t zego_token04_generator_new(uint32_t app_id,
                                   const char *secret,
                                   int32_t mode,
                                   struct ZegoToken04Generator **out_generator);

int32_t zego_token04_generator_generate(const struct ZegoToken04Generator *generator,
                                        const char *user_id,
                                        int64_t effective_time_in_seconds,
                                        const char *payload,
                                        char **out_token);

int32_t zego_token04_generator_generate_into(const struct ZegoToken04Generator *generator,
                                             const char *user_id,
                                             int64_t effective_time_in_seconds,
                                             const char *payload,
                                             char *buf,
                                             size_t buf_len,
                                             size_t *out_len);

size_t zego_token04_max_len(size_t user_id_len, size_t payload_len);

void zego_token04_generator_free(struct ZegoToken04Generator *generator);
