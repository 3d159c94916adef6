/* The small C interface between the binary-UNO component (component.c, C)
 * and the C++ side (bridge.cxx: argument conversion, the core, results).
 * Only C types cross it, and nothing behind it throws: the C++ side catches
 * every exception and turns it into a cell error, as the C++ add-in does. */
#ifndef KPIC_H
#define KPIC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Function Wizard texts, UTF-8; [0] en, [1] zh-CN, [2] zh-TW. */
typedef struct {
    const char* label[3];
    const char* description[3];
} kpic_arg_info;

typedef struct {
    const char* method;         /* IDL method, lower case (frozen) */
    const char* display;        /* the name users type */
    const char* description[3];
    size_t arg_count;           /* with the hidden XPropertySet of `caller` functions */
    const kpic_arg_info* args;
    int caller;                 /* first IDL parameter is com.sun.star.beans.XPropertySet */
    int returns_array;          /* sequence< sequence< any > >, else double */
    const char* kinds;          /* per IDL parameter: 'p' the XPropertySet, 'd' double,
                                   'r' sequence< sequence< any > >, 'a' any */
} kpic_function_info;

/* Generated from the catalogue (kpic_tables.c). */
extern const char kpic_service_name[];
extern const char kpic_implementation_name[];
extern const char kpic_interface_name[];
extern const kpic_function_info kpic_functions[];
extern const size_t kpic_function_count;

/* A document's null date (serial number 0). */
typedef struct {
    int year;
    unsigned month;
    unsigned day;
} kpic_date;

/* Once, before any call: the type references the results need. 0 on success. */
int kpic_init(void);

/* Runs function `index` of kpic_functions: `args` is binary UNO's argument
 * array for that method (double*, uno_Any*, uno_Sequence** per parameter;
 * the hidden XPropertySet is skipped, its null date is `null_date`), `ret`
 * the memory for the return value (double or uno_Sequence*), always written.
 * Returns 0; -1 only for an index out of range (nothing written). Never throws. */
int kpic_call(size_t index, void* ret, void* const* args, const kpic_date* null_date);

#ifdef __cplusplus
}
#endif

#endif
