/* Test-only proxy for wine 8.0's ucrtbase.dll: wine leaves the C99 complex functions as stubs that
 * abort the process, and numpy calls them. This DLL (named ucrtbase.dll, loaded with
 * WINEDLLOVERRIDES=ucrtbase=n,b) implements those functions and forwards every other export to a renamed
 * copy of wine's own ucrtbase (ucrtbase_wine.dll; build.sh writes the forwarding .def from its export
 * table). Built with mingw-w64 and copied only into a throw-away wine prefix: never into the application
 * bundle or an installer. Real Windows has a complete ucrtbase.
 *
 * MSVC ABI: _Fcomplex is struct { float _Val[2]; } (8 bytes: passed and returned in a general register);
 * _Dcomplex and _Lcomplex are struct { double _Val[2]; } (MSVC's long double is a double; 16 bytes: passed
 * by reference to a copy, returned through a hidden pointer). GCC's ms_abi does the same for these
 * structs. Compiled with -fno-builtin so GCC does not treat these names as its _Complex built-ins; the
 * real functions (exp, sin, atan2...) come from msvcrt.dll, which wine implements. */
#include <windows.h>

/* From msvcrt.dll, called through its import table (dllimport): the .def that forwards ucrtbase's own
 * exports also names exp, cos..., and a plain call would bind to those names in this DLL. */
#define MSVCRT(name) __declspec(dllimport) double name
MSVCRT(exp)(double); MSVCRT(log)(double); MSVCRT(cos)(double); MSVCRT(sin)(double); MSVCRT(cosh)(double);
MSVCRT(sinh)(double); MSVCRT(atan2)(double, double); MSVCRT(_hypot)(double, double);
#define hypot _hypot
#define fabs __builtin_fabs
#define copysign __builtin_copysign

typedef struct { float v[2]; } Fc;
typedef struct { double v[2]; } Dc;

static Dc mk(double re, double im) { Dc z; z.v[0] = re; z.v[1] = im; return z; }
static Fc to_f(Dc z) { Fc f; f.v[0] = (float)z.v[0]; f.v[1] = (float)z.v[1]; return f; }
static Dc from_f(Fc f) { return mk(f.v[0], f.v[1]); }

static Dc d_exp(Dc z)
{
    double m = exp(z.v[0]);
    if (z.v[1] == 0.0)
        return mk(m, z.v[1]);
    return mk(m * cos(z.v[1]), m * sin(z.v[1]));
}
static Dc d_log(Dc z) { return mk(log(hypot(z.v[0], z.v[1])), atan2(z.v[1], z.v[0])); }
static Dc d_mul(Dc a, Dc b) { return mk(a.v[0] * b.v[0] - a.v[1] * b.v[1], a.v[0] * b.v[1] + a.v[1] * b.v[0]); }
static Dc d_cosh(Dc z) { return mk(cosh(z.v[0]) * cos(z.v[1]), sinh(z.v[0]) * sin(z.v[1])); }
static Dc d_sinh(Dc z) { return mk(sinh(z.v[0]) * cos(z.v[1]), cosh(z.v[0]) * sin(z.v[1])); }
static Dc d_tanh(Dc z)
{
    double x = z.v[0], y = z.v[1];
    if (fabs(x) > 20.0) /* tanh saturates; avoid inf/inf */
        return mk(x > 0 ? 1.0 : -1.0, copysign(0.0, sin(2.0 * y)));
    double d = cosh(2.0 * x) + cos(2.0 * y);
    return mk(sinh(2.0 * x) / d, sin(2.0 * y) / d);
}
/* cos z = cosh(iz), sin z = -i sinh(iz), tan z = -i tanh(iz) */
static Dc d_cos(Dc z) { return d_cosh(mk(-z.v[1], z.v[0])); }
static Dc d_sin(Dc z) { Dc w = d_sinh(mk(-z.v[1], z.v[0])); return mk(w.v[1], -w.v[0]); }
static Dc d_tan(Dc z) { Dc w = d_tanh(mk(-z.v[1], z.v[0])); return mk(w.v[1], -w.v[0]); }
static Dc d_pow(Dc a, Dc b)
{
    if (a.v[0] == 0.0 && a.v[1] == 0.0) {
        if (b.v[0] == 0.0 && b.v[1] == 0.0)
            return mk(1.0, 0.0);
        return mk(0.0, 0.0);
    }
    return d_exp(d_mul(b, d_log(a)));
}

#define DEFINE_ALL(name, impl) \
    Dc name(Dc z) { return impl(z); } \
    Fc name##f(Fc z) { return to_f(impl(from_f(z))); } \
    Dc name##l(Dc z) { return impl(z); }

DEFINE_ALL(cexp, d_exp)
DEFINE_ALL(ccos, d_cos)
DEFINE_ALL(ccosh, d_cosh)
DEFINE_ALL(csin, d_sin)
DEFINE_ALL(csinh, d_sinh)
DEFINE_ALL(ctan, d_tan)
DEFINE_ALL(ctanh, d_tanh)

Dc cpow(Dc a, Dc b) { return d_pow(a, b); }
Fc cpowf(Fc a, Fc b) { return to_f(d_pow(from_f(a), from_f(b))); }
Dc cpowl(Dc a, Dc b) { return d_pow(a, b); }

double cabs(Dc z) { return hypot(z.v[0], z.v[1]); }
float cabsf(Fc z) { return (float)hypot(z.v[0], z.v[1]); }
double cabsl(Dc z) { return hypot(z.v[0], z.v[1]); }
double carg(Dc z) { return atan2(z.v[1], z.v[0]); }
float cargf(Fc z) { return (float)atan2(z.v[1], z.v[0]); }
double cargl(Dc z) { return atan2(z.v[1], z.v[0]); }
double creal(Dc z) { return z.v[0]; }
float crealf(Fc z) { return z.v[0]; }
double creall(Dc z) { return z.v[0]; }
double cimag(Dc z) { return z.v[1]; }
float cimagf(Fc z) { return z.v[1]; }
double cimagl(Dc z) { return z.v[1]; }

/* Linked without mingw's start-up files: ld still references this for msvcrt's import library, and
 * nothing here needs pseudo-relocations. */
void _pei386_runtime_relocator(void) {}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
