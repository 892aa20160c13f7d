// SPDX-License-Identifier: MIT
#include "heat_eigen_row.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::heat {
namespace {

// Vertical scaling by vector width: the stencil as Eigen array expressions, one per row
// (heat_eigen_row.hpp), on one thread.
class HeatEigen final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

  void setup(const RunContext& ctx) override {
    if (time_block() > 1) {
      throw UsageError("--time-block: " + std::to_string(time_block()) +
                       " needs temporal blocking, which the eigen model does not have; use "
                       "--model serial, openmp, mpi or hybrid");
    }
    HeatWorkload::setup(ctx);
  }

 protected:
  void step(Field& in, Field& out) override {
    prepare_boundary(in);
    const auto rows = static_cast<std::int64_t>(in.rows());
    const auto cols = static_cast<std::int64_t>(in.cols());
    for (std::int64_t i = 0; i < rows; ++i) {
      const double *centre = in.row(i), *north = in.row(i - 1), *south = in.row(i + 1);
      if (stores() == Stores::kPlain) {
        update_row_eigen(out.row(i), centre, north, south, cols, alpha());
        continue;
      }
      // Eigen has no streaming store: its expression fills L1 scratch chunks that
      // stream_chunks writes out.
      stream_chunks(out.row(i), static_cast<std::size_t>(cols),
                    [&](double* scratch, std::size_t first, std::size_t count) {
                      const auto j = static_cast<std::int64_t>(first);
                      update_row_eigen(scratch, centre + j, north + j, south + j,
                                       static_cast<std::int64_t>(count), alpha());
                    });
    }
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  return std::make_unique<HeatEigen>(ctx);
}

}  // namespace scalelab::heat
