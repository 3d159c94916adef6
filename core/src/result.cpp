#include "kpi/result.hpp"

#include <cstdio>
#include <cstdlib>

namespace kpi {

const char* to_string(Errc e) noexcept {
    switch (e) {
        case Errc::ok: return "ok";
#define KPI_CALC_ERROR(errc, code, text) \
    case Errc::errc:                     \
        return text;
#define KPI_CALC_ONLY(code, text)
#include "kpi/calc_errors.def"
#undef KPI_CALC_ERROR
#undef KPI_CALC_ONLY
    }
    return "?";
}

std::uint16_t calc_code(Errc e) noexcept {
    switch (e) {
#define KPI_CALC_ERROR(errc, code, text) \
    case Errc::errc:                     \
        return code;
#define KPI_CALC_ONLY(code, text)
#include "kpi/calc_errors.def"
#undef KPI_CALC_ERROR
#undef KPI_CALC_ONLY
        case Errc::ok: break;
    }
    return calc_code(Errc::value);  // never reached for a real error
}

namespace detail {

void result_misuse(const char* what) noexcept {
    std::fputs("kpi::Result misuse: ", stderr);
    std::fputs(what, stderr);
    std::fputc('\n', stderr);
    std::abort();
}

}  // namespace detail

}  // namespace kpi
