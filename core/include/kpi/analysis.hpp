// The "analysis" family of catalogue/analysis.toml: array results that break
// data down (FUNNEL, SHARE, MROITABLE) and customer cohorts (COHORT).
#pragma once

#include "kpi/breakdown.hpp"
#include "kpi/cohort.hpp"
