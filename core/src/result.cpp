#include "kpi/result.hpp"

#include <cstdio>
#include <cstdlib>

namespace kpi {

const char* to_string(Errc e) noexcept {
    switch (e) {
        case Errc::ok: return "ok";
        case Errc::invalid_argument: return "Err:502";
        case Errc::div_by_zero: return "#DIV/0!";
        case Errc::num: return "#NUM!";
        case Errc::no_convergence: return "Err:523";
        case Errc::value: return "#VALUE!";
        case Errc::not_available: return "#N/A";
    }
    return "?";
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
