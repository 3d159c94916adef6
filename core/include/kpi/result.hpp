// Errors as values: every core function returns Result<T>, never throws, never
// crashes. The add-in maps Errc to the Calc error a user sees.
#pragma once

#include <cmath>
#include <cstdint>
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

const char* to_string(Errc e) noexcept;

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Errc error) : error_(error) {}          // NOLINT: implicit by design

    bool ok() const noexcept { return error_ == Errc::ok; }
    explicit operator bool() const noexcept { return ok(); }
    Errc error() const noexcept { return error_; }
    const T& value() const& noexcept { return value_; }
    T& value() & noexcept { return value_; }
    T&& value() && noexcept { return std::move(value_); }
    const T& operator*() const& noexcept { return value_; }
    const T* operator->() const noexcept { return &value_; }

private:
    T value_{};
    Errc error_ = Errc::ok;
};

// A finished scalar: non-finite results become #NUM! so no inf/NaN leaks out.
inline Result<double> finite(double x) noexcept {
    return std::isfinite(x) ? Result<double>(x) : Result<double>(Errc::num);
}

// Numerator over denominator with the spec's rules: a zero denominator is
// #DIV/0!, a non-finite quotient (overflow) is #NUM!.
inline Result<double> ratio(double num, double den) noexcept {
    if (den == 0.0) return Errc::div_by_zero;
    return finite(num / den);
}

}  // namespace kpi
