// One summation for every function that adds up a range, so CAC, SCORECARD,
// SHARE and MROITABLE agree with each other and with Calc's own SUM.
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
    double value() const noexcept { return sum_ + comp_; }

private:
    double sum_ = 0.0;
    double comp_ = 0.0;
};

}  // namespace kpi
