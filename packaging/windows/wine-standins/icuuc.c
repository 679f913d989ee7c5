/* Test-only stand-in for Windows 10's system ICU (icuuc.dll), which wine 8.0 lacks. Qt 6.11's
 * Qt6Core.dll links these ucnv_* converter functions for QStringConverter's non-Unicode codecs.
 * This stand-in reports that no converter exists, so Qt falls back to its built-in UTF-8/UTF-16/Latin-1
 * codecs, which is all the application uses. Built by build.sh with mingw-w64 and copied only into a
 * throw-away wine prefix: never into the application bundle or an installer. */
#include <stddef.h>
#include <stdint.h>
#include <windows.h>

typedef int UErrorCode;   /* ICU's enum: 0 = U_ZERO_ERROR, > 0 failure */
typedef uint16_t UChar;
typedef int8_t UBool;
#define U_FILE_ACCESS_ERROR 4
#define U_UNSUPPORTED_ERROR 16

static void fail(UErrorCode *error, UErrorCode code)
{
    if (error && *error <= 0)
        *error = code;
}

void *ucnv_open(const char *name, UErrorCode *error) { (void)name; fail(error, U_FILE_ACCESS_ERROR); return NULL; }
void ucnv_close(void *converter) { (void)converter; }
void ucnv_reset(void *converter) { (void)converter; }
int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 4; }
const char *ucnv_getName(const void *converter, UErrorCode *error) { (void)converter; fail(error, U_UNSUPPORTED_ERROR); return ""; }
int32_t ucnv_countAvailable(void) { return 0; }
const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *error)
{
    (void)name; (void)standard; fail(error, U_FILE_ACCESS_ERROR); return NULL;
}
void ucnv_getToUCallBack(const void *c, void **action, const void **context) { (void)c; if (action) *action = NULL; if (context) *context = NULL; }
void ucnv_getFromUCallBack(const void *c, void **action, const void **context) { (void)c; if (action) *action = NULL; if (context) *context = NULL; }
void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **oa, const void **oc, UErrorCode *error)
{
    (void)c; (void)n; (void)nc; if (oa) *oa = NULL; if (oc) *oc = NULL; fail(error, U_UNSUPPORTED_ERROR);
}
void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **oa, const void **oc, UErrorCode *error)
{
    (void)c; (void)n; (void)nc; if (oa) *oa = NULL; if (oc) *oc = NULL; fail(error, U_UNSUPPORTED_ERROR);
}
void ucnv_toUnicode(void *c, UChar **t, const UChar *tl, const char **s, const char *sl, int32_t *o, UBool f, UErrorCode *error)
{
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(error, U_UNSUPPORTED_ERROR);
}
void ucnv_fromUnicode(void *c, char **t, const char *tl, const UChar **s, const UChar *sl, int32_t *o, UBool f, UErrorCode *error)
{
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(error, U_UNSUPPORTED_ERROR);
}
int32_t ucnv_toUCountPending(const void *c, UErrorCode *error) { (void)c; (void)error; return 0; }
int32_t ucnv_fromUCountPending(const void *c, UErrorCode *error) { (void)c; (void)error; return 0; }
void ucnv_cbToUWriteUChars(void *args, const UChar *s, int32_t n, int32_t o, UErrorCode *error)
{
    (void)args; (void)s; (void)n; (void)o; fail(error, U_UNSUPPORTED_ERROR);
}
void ucnv_cbFromUWriteUChars(void *args, const UChar **s, const UChar *sl, int32_t o, UErrorCode *error)
{
    (void)args; (void)s; (void)sl; (void)o; fail(error, U_UNSUPPORTED_ERROR);
}
/* ICU's standard callbacks: Qt only passes their addresses to ucnv_set*CallBack. */
void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const UChar *u, int32_t l, int32_t cp, int r, UErrorCode *e)
{
    (void)c; (void)a; (void)u; (void)l; (void)cp; (void)r; (void)e;
}
void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l, int r, UErrorCode *e)
{
    (void)c; (void)a; (void)b; (void)l; (void)r; (void)e;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
