// One summation for every function that adds up a range or a sum of money, so
// CAC, SCORECARD, SHARE, MROITABLE, ATTRIBUTION, COHORT's value modes and RFM's
// monetary agree with each other and with Calc's own SUM.
#pragma once

#include <cmath>

namespace kpi {

// Compensated (Kahan–Babuška/Neumaier) sum, as Calc's SUM. An overflow makes
// value() non-finite, which callers turn into #NUM!.
class CompensatedSum {
public:
    void add(double x) noexcept {
        const double t = sum_ + x;
        if (std::fabs(sum_) >= std::fabs(x))
            comp_ += (sum_ - t) + x;
        else
            comp_ += (x - t) + sum_;
        sum_ = t;
    }
    // Another sum's terms, both its rounded sum and what rounding left out
    // (a running total of partial sums stays as exact as one sum of every term).
    void add(const CompensatedSum& other) noexcept {
        add(other.sum_);
        add(other.comp_);
    }
    double value() const noexcept { return sum_ + comp_; }

private:
    double sum_ = 0.0;
    double comp_ = 0.0;
};

}  // namespace kpi
