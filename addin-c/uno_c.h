/* The URE's C headers for binary UNO, made to compile as C.
 * typelib/typedescription.h (LibreOffice 7.x) defines a few inline helpers
 * (TYPELIB_DANGER_GET, …) in C++ spelling: `bool` and the enum tag
 * `_typelib_TypeClass` used as a type name. Supply both for C; this code
 * never calls those helpers, so their inline definitions are never emitted. */
#ifndef KPIC_UNO_C_H
#define KPIC_UNO_C_H

#include <stdbool.h>
#include <typelib/typeclass.h>
#ifndef __cplusplus
typedef enum _typelib_TypeClass _typelib_TypeClass;
#endif

#include <osl/interlck.h>
#include <osl/mutex.h>
#include <rtl/alloc.h>
#include <rtl/string.h>
#include <rtl/textenc.h>
#include <rtl/ustring.h>
#include <sal/types.h>
#include <typelib/typedescription.h>
#include <uno/any2.h>
#include <uno/data.h>
#include <uno/dispatcher.h>
#include <uno/sequence2.h>

#endif
