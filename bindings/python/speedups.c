/*
 * zego_token._speedups: the two hot calls, generate_token04 and Generator.generate, written
 * against the CPython stable ABI (3.10+), so that a call costs one C function call: no argument
 * objects are created (a str's UTF-8 is read in place), the token is written into a stack buffer
 * and becomes the result str directly. Everything else in the package goes through cffi
 * (zego_token._native). Like _native, this module does not link against libzego_token: load()
 * opens the same file with dlopen() and resolves the functions it needs.
 *
 * Argument handling matches the rest of the package: a str is passed as its UTF-8 and its length
 * to the library's length-delimited (_n) calls, lone surrogates as they are (surrogatepass), so
 * the library's one rule for NULs and UTF-8 gives each argument its own code, in its order of
 * checks; an int outside the C type's range becomes a value the library rejects alike. Failures raise the ZegoTokenError that
 * the error factory given to load() builds.
 *
 * The library call runs without the GIL. A Generator counts the calls in flight (under the GIL):
 * close() while other threads generate frees the handle when the last of them returns.
 */
#define Py_LIMITED_API 0x030A0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#include "zego_token.h"

static __typeof__(zego_generate_token04_n) *p_generate_cbc;
static __typeof__(zego_generate_token04_gcm_n) *p_generate_gcm;
static __typeof__(zego_string_free) *p_string_free;
static __typeof__(zego_token04_generator_new_n) *p_generator_new;
static __typeof__(zego_token04_generator_generate_into_n) *p_generator_generate_into;
static __typeof__(zego_token04_generator_generate_n) *p_generator_generate;
static __typeof__(zego_token04_generator_free) *p_generator_free;
static PyObject *error_factory; /* code -> ZegoTokenError instance */

#define BUF_LEN 1024

/* Raises error_factory(code[, message]); returns NULL. */
static PyObject *raise_error(int32_t code, const char *message) {
    PyObject *exc;
    if (error_factory == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "zego_token._speedups is not loaded");
        return NULL;
    }
    exc = message ? PyObject_CallFunction(error_factory, "is", (int)code, message)
                  : PyObject_CallFunction(error_factory, "i", (int)code);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

static PyObject *raise_code(int32_t code) { return raise_error(code, NULL); }

/* load(path: bytes, error_factory) -> None; OSError with dlerror()'s message on failure. */
static PyObject *sp_load(PyObject *module, PyObject *args) {
    const char *path;
    PyObject *factory;
    void *h;
    (void)module;
    if (!PyArg_ParseTuple(args, "yO:load", &path, &factory)) return NULL;
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        const char *err = dlerror();
        PyErr_SetString(PyExc_OSError, err ? err : "dlopen failed");
        return NULL;
    }
#define RESOLVE(var, name) \
    if ((*(void **)&var = dlsym(h, name)) == NULL) { \
        PyErr_Format(PyExc_OSError, "%s does not export %s", path, name); \
        dlclose(h); \
        return NULL; \
    }
    RESOLVE(p_generate_cbc, "zego_generate_token04_n")
    RESOLVE(p_generate_gcm, "zego_generate_token04_gcm_n")
    RESOLVE(p_string_free, "zego_string_free")
    RESOLVE(p_generator_new, "zego_token04_generator_new_n")
    RESOLVE(p_generator_generate_into, "zego_token04_generator_generate_into_n")
    RESOLVE(p_generator_generate, "zego_token04_generator_generate_n")
    RESOLVE(p_generator_free, "zego_token04_generator_free")
#undef RESOLVE
    Py_INCREF(factory);
    Py_XDECREF(error_factory);
    error_factory = factory;
    Py_RETURN_NONE;
}

/* A str argument as UTF-8 and its length in *n. `*keep` receives a bytes object to release when
   the str has lone surrogates (passed through, so that the library rejects them). NULL on a
   non-str. */
static const char *text(PyObject *o, const char *what, PyObject **keep, size_t *n) {
    Py_ssize_t len;
    const char *s;
    char *b;
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be str", what);
        return NULL;
    }
    s = PyUnicode_AsUTF8AndSize(o, &len);
    if (s != NULL) {
        *n = (size_t)len;
        return s;
    }
    PyErr_Clear();
    *keep = PyUnicode_AsEncodedString(o, "utf-8", "surrogatepass");
    if (*keep == NULL || PyBytes_AsStringAndSize(*keep, &b, &len) < 0) return NULL;
    *n = (size_t)len;
    return b;
}

/* An int argument clamped to [lo, hi]; a value outside becomes `outside`. -1 with TypeError for a
   non-int (check PyErr_Occurred). */
static int64_t integer(PyObject *o, const char *what, int64_t lo, int64_t hi, int64_t outside, int *ok) {
    int overflow = 0;
    long long v;
    *ok = 0;
    /* bool is a subclass of int, but True is no app id or lifetime */
    if (!PyLong_Check(o) || PyBool_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be int", what);
        return -1;
    }
    v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred()) return -1;
    *ok = 1;
    if (overflow != 0 || v < lo || v > hi) return outside;
    return (int64_t)v;
}

static int32_t mode_of(PyObject *mode) {
    Py_ssize_t len;
    const char *s;
    if (!PyUnicode_Check(mode)) return -1;
    s = PyUnicode_AsUTF8AndSize(mode, &len);
    if (s == NULL) {
        PyErr_Clear();
        return -1;
    }
    if (len == 3 && memcmp(s, "cbc", 3) == 0) return ZEGO_TOKEN_MODE_CBC;
    if (len == 3 && memcmp(s, "gcm", 3) == 0) return ZEGO_TOKEN_MODE_GCM;
    return -1;
}

static PyObject *token_str(char *tok) {
    PyObject *r = PyUnicode_FromStringAndSize(tok, (Py_ssize_t)strlen(tok));
    p_string_free(tok);
    return r;
}

/* generate_token04(app_id, user_id, secret, effective_time_in_seconds, payload, mode) -> str */
static PyObject *sp_generate_token04(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *keep[3] = {NULL, NULL, NULL}, *result = NULL;
    const char *user, *secret, *payload;
    size_t user_len, secret_len, payload_len;
    int ok;
    int32_t mode, rc;
    int64_t app_id, ttl;
    char *tok = NULL;
    (void)module;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "generate_token04 takes 6 arguments");
        return NULL;
    }
    mode = mode_of(args[5]);
    if (mode < 0) return raise_code(ZEGO_MODE_INVALID);
    app_id = integer(args[0], "app_id", 0, UINT32_MAX, 0, &ok);
    if (!ok) return NULL;
    if ((user = text(args[1], "user_id", &keep[0], &user_len)) == NULL) goto done;
    if ((secret = text(args[2], "secret", &keep[1], &secret_len)) == NULL) goto done;
    ttl = integer(args[3], "effective_time_in_seconds", INT64_MIN, INT64_MAX, INT64_MAX, &ok);
    if (!ok) goto done;
    if ((payload = text(args[4], "payload", &keep[2], &payload_len)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    rc = (mode == ZEGO_TOKEN_MODE_GCM ? p_generate_gcm : p_generate_cbc)(
        (uint32_t)app_id, user, user_len, secret, secret_len, ttl, payload, payload_len, &tok);
    Py_END_ALLOW_THREADS
    result = rc == ZEGO_SUCCESS ? token_str(tok) : raise_code(rc);
done:
    Py_XDECREF(keep[0]);
    Py_XDECREF(keep[1]);
    Py_XDECREF(keep[2]);
    return result;
}

/* ---- Generator ---- */

typedef struct {
    PyObject_HEAD
    ZegoToken04Generator *gen;
    Py_ssize_t in_flight; /* calls running without the GIL */
    int closed;
} GeneratorObject;

static void generator_release(GeneratorObject *self) {
    if (self->gen != NULL && self->in_flight == 0) {
        p_generator_free(self->gen);
        self->gen = NULL;
    }
}

static int generator_init(PyObject *op, PyObject *args, PyObject *kwargs) {
    static char *names[] = {"app_id", "secret", "mode", NULL};
    GeneratorObject *self = (GeneratorObject *)op;
    PyObject *app_obj, *secret_obj, *mode_obj = NULL, *keep = NULL;
    ZegoToken04Generator *gen = NULL;
    const char *secret;
    size_t secret_len;
    int ok;
    int32_t rc, mode;
    int64_t app_id;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|O:Generator", names, &app_obj, &secret_obj, &mode_obj))
        return -1;
    if (self->gen != NULL || self->closed) {
        PyErr_SetString(PyExc_RuntimeError, "Generator.__init__ called twice");
        return -1;
    }
    /* The library checks app id, then secret, then mode: an unknown mode is passed as -1. */
    mode = mode_obj == NULL ? ZEGO_TOKEN_MODE_GCM : mode_of(mode_obj);
    app_id = integer(app_obj, "app_id", 0, UINT32_MAX, 0, &ok);
    if (!ok) return -1;
    if ((secret = text(secret_obj, "secret", &keep, &secret_len)) == NULL) return -1;
    rc = p_generator_new((uint32_t)app_id, secret, secret_len, mode, &gen);
    Py_XDECREF(keep);
    if (rc != ZEGO_SUCCESS) {
        raise_code(rc);
        return -1;
    }
    self->gen = gen;
    return 0;
}

/* generate(user_id, effective_time_in_seconds, payload="") -> str */
static PyObject *generator_generate(PyObject *op, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const names[] = {"user_id", "effective_time_in_seconds", "payload"};
    GeneratorObject *self = (GeneratorObject *)op;
    PyObject *arg[3] = {NULL, NULL, NULL}, *keep[2] = {NULL, NULL}, *result = NULL;
    const char *user, *payload = "";
    size_t user_len, payload_len = 0;
    int ok;
    int32_t rc;
    int64_t ttl;
    size_t n = 0;
    char buf[BUF_LEN], *tok = NULL;
    Py_ssize_t i, j, nkw = kwnames == NULL ? 0 : PyTuple_Size(kwnames);
    ZegoToken04Generator *gen;

    if (nargs > 3) {
        PyErr_SetString(PyExc_TypeError, "generate() takes at most 3 arguments");
        return NULL;
    }
    for (i = 0; i < nargs; i++) arg[i] = args[i];
    for (j = 0; j < nkw; j++) {
        PyObject *name = PyTuple_GetItem(kwnames, j);
        const char *s = name ? PyUnicode_AsUTF8AndSize(name, NULL) : NULL;
        if (s == NULL) return NULL;
        for (i = 0; i < 3 && strcmp(s, names[i]) != 0; i++) {}
        if (i == 3) {
            PyErr_Format(PyExc_TypeError, "generate() got an unexpected keyword argument '%s'", s);
            return NULL;
        }
        if (arg[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "generate() got multiple values for argument '%s'", s);
            return NULL;
        }
        arg[i] = args[nargs + j];
    }
    for (i = 0; i < 2; i++) {
        if (arg[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "generate() missing required argument '%s'", names[i]);
            return NULL;
        }
    }
    if (self->closed) return raise_error(ZEGO_NULL_ARGUMENT, "the generator is closed");
    if (self->gen == NULL) return raise_code(ZEGO_NULL_ARGUMENT); /* __init__ failed or not run */
    if ((user = text(arg[0], "user_id", &keep[0], &user_len)) == NULL) goto done;
    ttl = integer(arg[1], "effective_time_in_seconds", INT64_MIN, INT64_MAX, INT64_MAX, &ok);
    if (!ok) goto done;
    if (arg[2] != NULL && (payload = text(arg[2], "payload", &keep[1], &payload_len)) == NULL) goto done;

    gen = self->gen;
    self->in_flight++;
    Py_BEGIN_ALLOW_THREADS
    rc = p_generator_generate_into(gen, user, user_len, ttl, payload, payload_len, buf, sizeof buf, &n);
    if (rc == ZEGO_BUFFER_TOO_SMALL) rc = p_generator_generate(gen, user, user_len, ttl, payload, payload_len, &tok);
    Py_END_ALLOW_THREADS
    self->in_flight--;
    if (self->closed) generator_release(self);

    if (rc != ZEGO_SUCCESS) {
        raise_code(rc);
    } else if (tok != NULL) {
        result = token_str(tok);
    } else {
        result = PyUnicode_FromStringAndSize(buf, (Py_ssize_t)n);
    }
done:
    Py_XDECREF(keep[0]);
    Py_XDECREF(keep[1]);
    return result;
}

static PyObject *generator_close(PyObject *op, PyObject *unused) {
    GeneratorObject *self = (GeneratorObject *)op;
    (void)unused;
    self->closed = 1;
    generator_release(self);
    Py_RETURN_NONE;
}

static PyObject *generator_get_closed(PyObject *op, void *unused) {
    (void)unused;
    return PyBool_FromLong(((GeneratorObject *)op)->closed || ((GeneratorObject *)op)->gen == NULL);
}

static void generator_dealloc(PyObject *op) {
    GeneratorObject *self = (GeneratorObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    self->closed = 1;
    generator_release(self); /* no call can be in flight: each holds a reference */
    tp_free(op);
    Py_DECREF(tp);
}

static PyMethodDef generator_methods[] = {
    {"generate", (PyCFunction)(void (*)(void))generator_generate, METH_FASTCALL | METH_KEYWORDS,
     "generate($self, /, user_id, effective_time_in_seconds, payload='')\n--\n\n"
     "A new token for user_id; raises ZegoTokenError (3 user id, 6 lifetime, 101/102 payload)."},
    {"close", generator_close, METH_NOARGS,
     "close($self, /)\n--\n\nFrees the generator (zeroizing its key) once no call is using it."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef generator_getset[] = {
    {"closed", generator_get_closed, NULL, "True once close() was called.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot generator_slots[] = {
    {Py_tp_init, (void *)generator_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {Py_tp_dealloc, (void *)generator_dealloc},
    {Py_tp_methods, generator_methods},
    {Py_tp_getset, generator_getset},
    {Py_tp_doc, (void *)"GeneratorBase(app_id, secret, mode='gcm'): see zego_token.Generator."},
    {0, NULL},
};

static PyType_Spec generator_spec = {
    "zego_token._speedups.GeneratorBase",
    sizeof(GeneratorObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    generator_slots,
};

static PyMethodDef module_methods[] = {
    {"load", sp_load, METH_VARARGS, "load(path: bytes, error_factory) -> None"},
    {"generate_token04", (PyCFunction)(void (*)(void))sp_generate_token04, METH_FASTCALL,
     "generate_token04(app_id, user_id, secret, effective_time_in_seconds, payload, mode) -> str"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_speedups", "Hot paths of zego_token (see _speedups.c).", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void) {
    PyObject *m = PyModule_Create(&module_def), *type;
    if (m == NULL) return NULL;
    type = PyType_FromSpec(&generator_spec);
    if (type == NULL || PyModule_AddObject(m, "GeneratorBase", type) < 0) {
        Py_XDECREF(type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
