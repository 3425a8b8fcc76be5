/*
 * zego_token._native: the whole binding's native part, one C extension on the CPython stable ABI
 * (3.10+, abi3) that links the zego-token static library (libzego_token.a) into itself: no
 * dlopen, no separate library file, no cffi. The Python layer (zego_token/__init__.py) adds the
 * signatures, defaults, docstrings and the Claims type; every call here is one C function call.
 *
 * Strings go to the library's length-delimited (_n) calls as their UTF-8 and its length, read in
 * place (lone surrogates passed through, surrogatepass, so that the library rejects them): the
 * library's one rule for NULs, UTF-8 and lengths gives each argument its own code, in its order
 * of checks; this module checks nothing itself. An int outside the C type's range becomes a value
 * the library rejects alike. Failures raise the ZegoTokenError type given to init(), built with
 * the code and the library's message (zego_error_message), never an input; a failed decode or
 * verify adds the token's hint (zego_token04_hint_n), a static sentence or None.
 *
 * Library calls run without the GIL. A Generator counts the calls in flight (under the GIL):
 * close() while other threads generate frees the handle when the last of them returns.
 */
#define Py_LIMITED_API 0x030A0000
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "zego_token.h"

static PyObject *error_type; /* ZegoTokenError, given to init() */

static const char *text(PyObject *o, const char *what, PyObject **keep, size_t *n);

#define BUF_LEN 1024

/* Raises error_type(code, message), the message the library's own unless given; returns NULL. */
static PyObject *raise_error(int32_t code, const char *message) {
    PyObject *exc;
    if (error_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "zego_token._native: init() was not called");
        return NULL;
    }
    exc = PyObject_CallFunction(error_type, "is", (int)code, message ? message : zego_error_message(code));
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

static PyObject *raise_code(int32_t code) { return raise_error(code, NULL); }

/* The library's hint for a token (zego_token04_hint_n): a str, or None. A new reference. */
static PyObject *hint_of(const char *token, size_t token_len) {
    const char *h = zego_token04_hint_n(token, token_len);
    if (h == NULL) Py_RETURN_NONE;
    return PyUnicode_FromString(h);
}

/* A failed decode or verify: error_type(code, message, hint), the hint the token's. NULL. */
static PyObject *raise_token_error(int32_t code, const char *token, size_t token_len) {
    PyObject *exc, *hint;
    if (error_type == NULL) return raise_code(code);
    hint = hint_of(token, token_len);
    if (hint == NULL) return NULL;
    exc = PyObject_CallFunction(error_type, "isO", (int)code, zego_error_message(code), hint);
    Py_DECREF(hint);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

/* token_hint(token: str) -> str | None */
static PyObject *nt_token_hint(PyObject *module, PyObject *token) {
    PyObject *keep = NULL, *result;
    const char *s;
    size_t len;
    (void)module;
    if ((s = text(token, "token", &keep, &len)) == NULL) {
        Py_XDECREF(keep);
        return NULL;
    }
    result = hint_of(s, len);
    Py_XDECREF(keep);
    return result;
}

/* init(error_type) -> None: the exception type every failure raises (zego_token.ZegoTokenError). */
static PyObject *nt_init(PyObject *module, PyObject *type) {
    (void)module;
    if (!PyType_Check(type) || !PyObject_IsSubclass(type, PyExc_Exception)) {
        PyErr_SetString(PyExc_TypeError, "init() takes an exception type");
        return NULL;
    }
    Py_INCREF(type);
    Py_XDECREF(error_type);
    error_type = type;
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
    zego_string_free(tok);
    return r;
}

/* METH_FASTCALL | METH_KEYWORDS arguments into out[0..n) by position or name (NULL: not given);
   the first `required` must be given. 0 on success, -1 with TypeError. */
static int parse_args(const char *fname, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                      const char *const *names, Py_ssize_t n, Py_ssize_t required, PyObject **out) {
    Py_ssize_t i, j, nkw = kwnames == NULL ? 0 : PyTuple_Size(kwnames);
    if (nargs > n) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %d arguments", fname, (int)n);
        return -1;
    }
    for (i = 0; i < n; i++) out[i] = i < nargs ? args[i] : NULL;
    for (j = 0; j < nkw; j++) {
        PyObject *name = PyTuple_GetItem(kwnames, j);
        const char *s = name ? PyUnicode_AsUTF8AndSize(name, NULL) : NULL;
        if (s == NULL) return -1;
        for (i = 0; i < n && strcmp(s, names[i]) != 0; i++) {}
        if (i == n) {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%s'", fname, s);
            return -1;
        }
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'", fname, s);
            return -1;
        }
        out[i] = args[nargs + j];
    }
    for (i = 0; i < required; i++) {
        if (out[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'", fname, names[i]);
            return -1;
        }
    }
    return 0;
}

/* generate_token04(app_id, user_id, secret, effective_time_in_seconds, payload="", mode="cbc") -> str:
   zego_token.generate_token04 itself (a C function has no frame whose locals could show the secret) */
static PyObject *nt_generate_token04(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                                     PyObject *kwnames) {
    static const char *const names[] = {"app_id", "user_id", "secret", "effective_time_in_seconds",
                                        "payload", "mode"};
    PyObject *arg[6], *keep[3] = {NULL, NULL, NULL}, *result = NULL;
    const char *user, *secret, *payload = "";
    size_t user_len, secret_len, payload_len = 0;
    int ok;
    int32_t mode = ZEGO_TOKEN_MODE_CBC, rc;
    int64_t app_id, ttl;
    char *tok = NULL;
    (void)module;
    if (nargs == 6 && kwnames == NULL) {
        memcpy(arg, args, sizeof arg);
    } else if (parse_args("generate_token04", args, nargs, kwnames, names, 6, 4, arg) < 0) {
        return NULL;
    }
    if (arg[5] != NULL && (mode = mode_of(arg[5])) < 0) return raise_code(ZEGO_MODE_INVALID);
    app_id = integer(arg[0], "app_id", 0, UINT32_MAX, 0, &ok);
    if (!ok) return NULL;
    if ((user = text(arg[1], "user_id", &keep[0], &user_len)) == NULL) goto done;
    if ((secret = text(arg[2], "secret", &keep[1], &secret_len)) == NULL) goto done;
    ttl = integer(arg[3], "effective_time_in_seconds", INT64_MIN, INT64_MAX, INT64_MAX, &ok);
    if (!ok) goto done;
    if (arg[4] != NULL && (payload = text(arg[4], "payload", &keep[2], &payload_len)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    rc = (mode == ZEGO_TOKEN_MODE_GCM ? zego_generate_token04_gcm_n : zego_generate_token04_n)(
        (uint32_t)app_id, user, user_len, secret, secret_len, ttl, payload, payload_len, &tok);
    Py_END_ALLOW_THREADS
    result = rc == ZEGO_SUCCESS ? token_str(tok) : raise_code(rc);
done:
    Py_XDECREF(keep[0]);
    Py_XDECREF(keep[1]);
    Py_XDECREF(keep[2]);
    return result;
}

/* ---- decode, verify ---- */

/* The claims as a tuple (app_id, user_id, nonce, ctime, expire, payload, mode: 0 CBC, 1 GCM),
   then freed. The library's strings are UTF-8 without NUL. */
static PyObject *claims_tuple(ZegoToken04Claims *c) {
    PyObject *r = Py_BuildValue("(ksLLLsi)", (unsigned long)c->app_id, c->user_id, (long long)c->nonce,
                                (long long)c->ctime, (long long)c->expire, c->payload, (int)c->mode);
    zego_token04_claims_free(c);
    return r;
}

/* decode(token: str, secret: str) -> claims tuple */
static PyObject *nt_decode(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *keep[2] = {NULL, NULL}, *result = NULL;
    const char *token, *secret;
    size_t token_len, secret_len;
    ZegoToken04Claims c;
    int32_t rc;
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "decode takes 2 arguments");
        return NULL;
    }
    memset(&c, 0, sizeof c);
    if ((token = text(args[0], "token", &keep[0], &token_len)) == NULL) goto done;
    if ((secret = text(args[1], "secret", &keep[1], &secret_len)) == NULL) goto done;
    Py_BEGIN_ALLOW_THREADS
    rc = zego_token04_decode_n(token, token_len, secret, secret_len, &c);
    Py_END_ALLOW_THREADS
    result = rc == ZEGO_SUCCESS ? claims_tuple(&c) : raise_token_error(rc, token, token_len);
done:
    Py_XDECREF(keep[0]);
    Py_XDECREF(keep[1]);
    return result;
}

/* verify(token: str, secret: str, app_id: int, now: int, flags: int) -> claims tuple
   (app_id 0..2^32-1, now an int64 and flags an uint32, as the Python layer passes them) */
static PyObject *nt_verify(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *keep[2] = {NULL, NULL}, *result = NULL;
    const char *token, *secret;
    size_t token_len, secret_len;
    ZegoToken04Claims c;
    int ok;
    int32_t rc;
    int64_t app_id, now, flags;
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "verify takes 5 arguments");
        return NULL;
    }
    memset(&c, 0, sizeof c);
    if ((token = text(args[0], "token", &keep[0], &token_len)) == NULL) goto done;
    if ((secret = text(args[1], "secret", &keep[1], &secret_len)) == NULL) goto done;
    app_id = integer(args[2], "app_id", 0, UINT32_MAX, 0, &ok);
    if (!ok) goto done;
    now = integer(args[3], "now", INT64_MIN, INT64_MAX, INT64_MAX, &ok);
    if (!ok) goto done;
    flags = integer(args[4], "flags", 0, UINT32_MAX, UINT32_MAX, &ok);
    if (!ok) goto done;
    Py_BEGIN_ALLOW_THREADS
    rc = zego_token04_verify_flags_n(token, token_len, secret, secret_len, (uint32_t)app_id, now,
                                     (uint32_t)flags, &c);
    Py_END_ALLOW_THREADS
    result = rc == ZEGO_SUCCESS ? claims_tuple(&c) : raise_token_error(rc, token, token_len);
done:
    Py_XDECREF(keep[0]);
    Py_XDECREF(keep[1]);
    return result;
}

/* ---- the room payload ---- */

/* build_rtc_room_payload(room_id: str, can_login_room: int, can_publish_stream: int,
   stream_ids: list[str] | None) -> str (the privileges as int32 values, as the Python layer
   passes them: the library gives 112 for anything but 0 and 1) */
static PyObject *nt_build_rtc_room_payload(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *keep_room = NULL, **keep = NULL, *result = NULL;
    const char *room, **ids = NULL;
    size_t room_len, *lens = NULL;
    Py_ssize_t count = 0, i;
    int ok;
    int32_t rc;
    int64_t login, publish;
    char *out = NULL;
    (void)module;
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "build_rtc_room_payload takes 4 arguments");
        return NULL;
    }
    if ((room = text(args[0], "room_id", &keep_room, &room_len)) == NULL) return NULL;
    login = integer(args[1], "can_login_room", INT32_MIN, INT32_MAX, 2, &ok);
    if (!ok) goto done;
    publish = integer(args[2], "can_publish_stream", INT32_MIN, INT32_MAX, 2, &ok);
    if (!ok) goto done;
    if (args[3] != Py_None) {
        if (!PyList_Check(args[3])) {
            PyErr_SetString(PyExc_TypeError, "stream_ids must be a list or None");
            goto done;
        }
        count = PyList_Size(args[3]);
        /* one more than needed: never a zero-size allocation (the library then has ids != NULL) */
        ids = PyMem_Calloc((size_t)count + 1, sizeof *ids);
        lens = PyMem_Calloc((size_t)count + 1, sizeof *lens);
        keep = PyMem_Calloc((size_t)count + 1, sizeof *keep);
        if (ids == NULL || lens == NULL || keep == NULL) {
            PyErr_NoMemory();
            goto done;
        }
        for (i = 0; i < count; i++) {
            PyObject *item = PyList_GetItem(args[3], i); /* borrowed; the list is the caller's copy */
            if (item == NULL || (ids[i] = text(item, "stream id", &keep[i], &lens[i])) == NULL) goto done;
        }
    }
    rc = zego_build_rtc_room_payload_n(room, room_len, (int32_t)login, (int32_t)publish, ids, lens,
                                       (size_t)count, &out);
    result = rc == ZEGO_SUCCESS ? token_str(out) : raise_code(rc);
done:
    Py_XDECREF(keep_room);
    if (keep != NULL)
        for (i = 0; i < count; i++) Py_XDECREF(keep[i]);
    PyMem_Free(keep);
    PyMem_Free((void *)ids);
    PyMem_Free(lens);
    return result;
}

/* error_message(code: int) -> str; version() -> str */
static PyObject *nt_error_message(PyObject *module, PyObject *code) {
    long c;
    (void)module;
    c = PyLong_AsLong(code);
    if (c == -1 && PyErr_Occurred()) return NULL;
    if (c < INT32_MIN || c > INT32_MAX) c = INT32_MAX;
    return PyUnicode_FromString(zego_error_message((int32_t)c));
}

static PyObject *nt_version(PyObject *module, PyObject *unused) {
    (void)module;
    (void)unused;
    return PyUnicode_FromString(zego_token_version());
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
        zego_token04_generator_free(self->gen);
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
    rc = zego_token04_generator_new_n((uint32_t)app_id, secret, secret_len, mode, &gen);
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
    ZegoToken04Generator *gen;

    if (parse_args("generate", args, nargs, kwnames, names, 3, 2, arg) < 0) return NULL;
    if (self->closed) return raise_error(ZEGO_NULL_ARGUMENT, "the generator is closed");
    if (self->gen == NULL) return raise_code(ZEGO_NULL_ARGUMENT); /* __init__ failed or not run */
    if ((user = text(arg[0], "user_id", &keep[0], &user_len)) == NULL) goto done;
    ttl = integer(arg[1], "effective_time_in_seconds", INT64_MIN, INT64_MAX, INT64_MAX, &ok);
    if (!ok) goto done;
    if (arg[2] != NULL && (payload = text(arg[2], "payload", &keep[1], &payload_len)) == NULL) goto done;

    gen = self->gen;
    self->in_flight++;
    Py_BEGIN_ALLOW_THREADS
    rc = zego_token04_generator_generate_into_n(gen, user, user_len, ttl, payload, payload_len, buf, sizeof buf, &n);
    if (rc == ZEGO_BUFFER_TOO_SMALL) rc = zego_token04_generator_generate_n(gen, user, user_len, ttl, payload, payload_len, &tok);
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
    "zego_token._native.GeneratorBase",
    sizeof(GeneratorObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    generator_slots,
};

static PyMethodDef module_methods[] = {
    {"init", nt_init, METH_O, "init(error_type, /) -> None"},
    {"generate_token04", (PyCFunction)(void (*)(void))nt_generate_token04, METH_FASTCALL | METH_KEYWORDS,
     "generate_token04($module, /, app_id, user_id, secret, effective_time_in_seconds, payload='', mode='cbc')\n--\n\n"
     "A new token04 string. mode is \"cbc\" (the default: the official SDKs' format) or \"gcm\"\n"
     "(authenticated). Raises ZegoTokenError: 106 for an unknown mode, then 1 app id, 3 user id,\n"
     "5 secret, 6 lifetime (in that order, as the official SDKs check), 101/102 payload.\n"
     "TypeError for an argument of the wrong type (a bool is no int here)."},
    {"decode", (PyCFunction)(void (*)(void))nt_decode, METH_FASTCALL, "decode(token, secret, /) -> tuple"},
    {"verify", (PyCFunction)(void (*)(void))nt_verify, METH_FASTCALL,
     "verify(token, secret, app_id, now, flags, /) -> tuple"},
    {"build_rtc_room_payload", (PyCFunction)(void (*)(void))nt_build_rtc_room_payload, METH_FASTCALL,
     "build_rtc_room_payload(room_id, can_login_room, can_publish_stream, stream_ids, /) -> str"},
    {"error_message", nt_error_message, METH_O, "error_message(code, /) -> str"},
    {"token_hint", nt_token_hint, METH_O, "token_hint(token, /) -> str | None: zego_token04_hint_n"},
    {"version", nt_version, METH_NOARGS, "version() -> str: the library's, MAJOR.MINOR.PATCH"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_native", "The native part of zego_token (native.c).", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    PyObject *m, *type;
    /* The library linked in is the build of the header this file was compiled with; a stale
       header or library in a build would show here, at import. */
    if (strcmp(zego_token_version(), ZEGO_TOKEN_VERSION) != 0) {
        PyErr_Format(PyExc_ImportError, "zego_token: library %s linked with header %s",
                     zego_token_version(), ZEGO_TOKEN_VERSION);
        return NULL;
    }
    m = PyModule_Create(&module_def);
    if (m == NULL) return NULL;
    type = PyType_FromSpec(&generator_spec);
    if (type == NULL || PyModule_AddObject(m, "GeneratorBase", type) < 0) {
        Py_XDECREF(type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
