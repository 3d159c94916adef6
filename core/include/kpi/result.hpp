// Errors as values: every core function returns Result<T>, never throws, never
// crashes. The add-in maps Errc to the Calc error a user sees.
//
// noexcept rule: a core function is noexcept exactly when it cannot throw at
// all, i.e. it allocates nothing (a scalar Result<double> from numbers, ranges
// read in place, option strings). One that builds a Table or a vector may
// throw std::bad_alloc and is not noexcept, so the add-in's catch-all turns
// it into #VALUE! instead of std::terminate taking Calc down. Nothing throws
// for any other reason (Boost.Math runs under MathPolicy, which never throws).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

namespace kpi {

enum class Errc : std::uint8_t {
    ok = 0,
    invalid_argument,  // Err:502 — negative count, rate outside its domain, unknown option
    div_by_zero,       // #DIV/0! — a zero denominator
    num,               // #NUM!   — overflow, NaN or inf result
    no_convergence,    // Err:523 — an iterative fit did not converge
    value,             // #VALUE! — text where a number is expected
    not_available,     // #N/A    — no value (e.g. nothing to aggregate)
};

// What the cell shows ("Err:502", "#DIV/0!", …) and Calc's numeric code.
const char* to_string(Errc e) noexcept;
std::uint16_t calc_code(Errc e) noexcept;

namespace detail {
// Misuse of a Result: reading the value of an error, or making an error out of
// Errc::ok. Checked builds (sanitizers, fuzzing: KPI_CHECKED) abort with a
// message so a test fails; the shipped add-in must never abort inside Calc, so
// there a Result built from Errc::ok becomes #VALUE! instead of a silent 0, and the
// number read from an error Result<double> is NaN (#NUM! once it reaches a cell),
// never a 0 that passes for a result. Other types read as default-constructed.
[[noreturn]] void result_misuse(const char* what) noexcept;
#if defined(KPI_CHECKED)
inline constexpr bool kCheckedResults = true;
#else
inline constexpr bool kCheckedResults = false;
#endif
}  // namespace detail

// A value or the Calc error that replaces it. Like absl::StatusOr, a Result
// holding a value is never an error and an error never poses as a value.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT: implicit by design
        : value_(std::move(value)) {}
    Result(Errc error) noexcept : error_(error) {  // NOLINT: implicit by design
        if constexpr (std::is_floating_point_v<T>) value_ = std::numeric_limits<T>::quiet_NaN();
        if (error == Errc::ok) {
            if constexpr (detail::kCheckedResults) detail::result_misuse("Result built from Errc::ok");
            error_ = Errc::value;
        }
    }

    bool ok() const noexcept { return error_ == Errc::ok; }
    explicit operator bool() const noexcept { return ok(); }
    Errc error() const noexcept { return error_; }

    // Checked access: call only when ok().
    const T& value() const& noexcept { check(); return value_; }
    T& value() & noexcept { check(); return value_; }
    T&& value() && noexcept { check(); return std::move(value_); }
    const T& operator*() const& noexcept { check(); return value_; }
    const T* operator->() const noexcept { check(); return &value_; }

    // The value, or `fallback` when this holds an error.
    T value_or(T fallback) const& noexcept(std::is_nothrow_copy_constructible_v<T>) {
        return ok() ? value_ : std::move(fallback);
    }

private:
    void check() const noexcept {
        if constexpr (detail::kCheckedResults) {
            if (!ok()) detail::result_misuse("value() of an error Result");
        }
    }

    T value_{};
    Errc error_ = Errc::ok;
};

// A finished scalar: non-finite results become #NUM! so no inf/NaN leaks out.
inline Result<double> finite(double x) noexcept {
    return std::isfinite(x) ? Result<double>(x) : Result<double>(Errc::num);
}

// Numerator over denominator with the reference's rules: a zero denominator is
// #DIV/0!, a non-finite quotient (overflow) is #NUM!.
inline Result<double> ratio(double num, double den) noexcept {
    if (den == 0.0) return Errc::div_by_zero;
    return finite(num / den);
}

}  // namespace kpi
