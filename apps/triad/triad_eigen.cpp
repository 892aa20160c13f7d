// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include "triad.hpp"

namespace scalelab::triad {
namespace {

// The triad as one Eigen array expression on the same buffers: Eigen's packet code picks
// the widest SIMD set the build enables (see provenance.eigen_simd).
class TriadEigen final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override {
    const auto n = static_cast<Eigen::Index>(local_.size());
    Eigen::Map<Eigen::ArrayXd, Eigen::Aligned64> a(a_.data(), n);
    const Eigen::Map<const Eigen::ArrayXd, Eigen::Aligned64> b(b_.data(), n);
    const Eigen::Map<const Eigen::ArrayXd, Eigen::Aligned64> c(c_.data(), n);
    a = b + params_->scalar * c;
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(std::shared_ptr<const Params> params) {
  return std::make_unique<TriadEigen>(std::move(params));
}

}  // namespace scalelab::triad
