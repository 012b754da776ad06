/* The tokenizer compiled without SSE2, its functions renamed ref_jk_* (each
 * public jk_ function of jackson_scan.h needs its line here): the
 * reference for test_jackson_simd.c. */
#undef __SSE2__
#define jk_init ref_jk_init
#define jk_reset ref_jk_reset
#define jk_free ref_jk_free
#define jk_next ref_jk_next
#define jk_text ref_jk_text
#define jk_text_general ref_jk_text_general
#define jk_append_text ref_jk_append_text
#define jk_decode ref_jk_decode
#define jk_recover ref_jk_recover
#define jk_skip_children ref_jk_skip_children
#include "jackson_scan.c"
