/* Test-only stand-in for Windows 10's bcryptprimitives.dll, which wine 8.0 (Debian 12) lacks.
 * pydantic-core's Rust runtime imports ProcessPrng from it for random numbers (hash seeds).
 * Built by build.sh with mingw-w64 and copied only into a throw-away wine prefix: never into the
 * application bundle or an installer. Real Windows 10 and 11 have their own. */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 as SystemFunction036 (wine implements it). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE; /* Windows documents ProcessPrng as always returning TRUE */
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
