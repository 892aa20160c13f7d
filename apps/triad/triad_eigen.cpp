// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include "triad.hpp"

namespace scalelab::triad {
namespace {

// The triad as one Eigen array expression on the same buffers: Eigen's packet code picks
// the widest SIMD set the build enables (see provenance.eigen_simd). Eigen has no streaming
// store, so with --stores streaming the expression fills L1 scratch chunks that
// stream_chunks writes out.
class TriadEigen final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override {
    const double s = params_->scalar;
    if (stores_ == Stores::kPlain)
      return evaluate(a_.data(), b_.data(), c_.data(), s, local_.size());
    stream_chunks(a_.data(), local_.size(),
                  [&](double* scratch, std::size_t first, std::size_t count) {
                    evaluate(scratch, b_.data() + first, c_.data() + first, s, count);
                  });
  }

 private:
  static void evaluate(double* a_out, const double* b_in, const double* c_in, double s,
                       std::size_t count) {
    const auto n = static_cast<Eigen::Index>(count);
    Eigen::Map<Eigen::ArrayXd> a(a_out, n);
    const Eigen::Map<const Eigen::ArrayXd> b(b_in, n);
    const Eigen::Map<const Eigen::ArrayXd> c(c_in, n);
    a = b + s * c;
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  return std::make_unique<TriadEigen>(ctx);
}

}  // namespace scalelab::triad
