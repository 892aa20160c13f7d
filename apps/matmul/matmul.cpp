// SPDX-License-Identifier: MIT
#include "matmul.hpp"

#include <CLI/CLI.hpp>

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "freivalds.hpp"
#include "matmul_io.hpp"
#include "matmul_options.hpp"
#include "scalelab/collective.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"
#include "scalelab/parallel.hpp"

namespace scalelab::matmul {
namespace {

std::string grid_text(GridShape shape) {
  return std::to_string(shape.rows) + "x" + std::to_string(shape.cols);
}

std::string hex(std::uint64_t value) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(value));
  return text;
}

double gib(double bytes) {
  return bytes / (1024.0 * 1024.0 * 1024.0);
}

// Sizes every rank can check before any collective (same verdict on every rank).
void check_size(std::uint64_t n, GridShape shape, int ranks) {
  if (n > kMaxSize) {
    throw UsageError("--size: " + std::to_string(n) + " is above matmul's limit of " +
                     std::to_string(kMaxSize) + " (n x n matrices)");
  }
  const auto side = static_cast<std::uint64_t>(std::max(shape.rows, shape.cols));
  if (n < side) {
    throw UsageError("--size: " + std::to_string(n) + " rows cannot be split over " +
                     std::to_string(ranks) + " ranks (a " + grid_text(shape) +
                     " process grid needs n >= " + std::to_string(side) + ")");
  }
}

// Refuses a size whose blocks and buffers would not fit in the memory the kernel says is
// available, summed over the ranks that share a node (they share its memory).
void check_memory(const Comm& comm, std::uint64_t n, double bytes_per_rank) {
  MPI_Comm node = MPI_COMM_NULL;
  MPI_Comm_split_type(comm.raw(), MPI_COMM_TYPE_SHARED, comm.rank(), MPI_INFO_NULL, &node);
  double node_bytes = 0;
  MPI_Allreduce(&bytes_per_rank, &node_bytes, 1, MPI_DOUBLE, MPI_SUM, node);
  MPI_Comm_free(&node);
  agree_on(comm, [&] {
    const double available = static_cast<double>(available_memory_bytes());
    if (available > 0 && node_bytes > available) {
      char text[64];
      std::snprintf(text, sizeof text, "%.1f GiB, but only %.1f GiB", gib(node_bytes),
                    gib(available));
      throw UsageError("--size: " + std::to_string(n) + " needs " + text +
                       " of memory is available (use a smaller --size or more nodes)");
    }
  });
}

}  // namespace

void MatmulWorkload::setup(const RunContext& ctx) {
  n_ = ctx.global_size;
  check_size(n_, grid_shape_for(ctx.comm.size()), ctx.comm.size());
  grid_ = ProcessGrid(ctx.comm);
  rows_ = grid_.my_rows(n_);
  cols_ = grid_.my_cols(n_);

  // Three blocks plus the largest SUMMA receive buffers and the packing workspace.
  const double block = static_cast<double>(rows_.size() * cols_.size());
  const double widest_panel = std::ceil(static_cast<double>(n_) / grid_.shape().cols);
  const double buffers = (grid_.shape().cols > 1 ? rows_.size() * widest_panel : 0) +
                         (grid_.shape().rows > 1 ? widest_panel * cols_.size() : 0);
  const double workspace = tile::kKC * (tile::kNC + tile::kMC * ctx.threads);
  check_memory(ctx.comm, n_, 8.0 * (3 * block + buffers + workspace));

  agree_on(ctx.comm, [&] {
    const std::size_t count = local_rows() * local_cols();
    a_.resize(count);
    b_.resize(count);
    c_.resize(count);
    workspace_ = GemmWorkspace(ctx.threads);
    summa_ = Summa(grid_, n_);
    set_zero(c_block());
  });
  agree_on(ctx.comm, [&] { fill_inputs(ctx); });
  a_fingerprint_ = local_fingerprint(a_);
  b_fingerprint_ = local_fingerprint(b_);
}

void MatmulWorkload::fill_inputs(const RunContext& ctx) {
  if (!params_->input.empty()) {
    read_input_blocks(params_->input, ctx.comm, n_, rows_, cols_, a_.data(), b_.data());
    return;
  }
  const Values values = values_from_name(params_->values);
  const std::uint64_t key_a = stream_key(ctx.seed, Stream::a);
  const std::uint64_t key_b = stream_key(ctx.seed, Stream::b);
  parallel_blocks({0, local_rows()}, [&](Range rows) {
    for (std::uint64_t r = rows.begin; r < rows.end; ++r) {
      for (std::uint64_t c = 0; c < local_cols(); ++c) {
        const std::uint64_t position = (rows_.begin + r) * n_ + cols_.begin + c;
        a_[r * local_cols() + c] = random_value(key_a, position, values);
        b_[r * local_cols() + c] = random_value(key_b, position, values);
      }
    }
  });
}

std::uint64_t MatmulWorkload::local_fingerprint(const FirstTouchVector<double>& block) const {
  std::uint64_t sum = 0;
#pragma omp parallel for reduction(+ : sum)
  for (std::uint64_t r = 0; r < local_rows(); ++r) {
    for (std::uint64_t c = 0; c < local_cols(); ++c) {
      sum +=
          fingerprint_term((rows_.begin + r) * n_ + cols_.begin + c, block[r * local_cols() + c]);
    }
  }
  return sum;
}

void MatmulWorkload::multiply_blocked() {
  set_zero(c_block());
  multiply_add(a_block(), b_block(), c_block(), workspace_);
}

void MatmulWorkload::multiply_summa(const RunContext& ctx) {
  const PhaseSeconds seconds = summa_.multiply(a_.data(), b_.data(), c_.data(), workspace_);
  ctx.phases.add("compute", seconds.compute);
  ctx.phases.add("communication", seconds.communication);
}

void MatmulWorkload::digest_c(const Comm& comm) {
  c_fingerprint_ = comm.sum(local_fingerprint(c_));
  double sum = 0, squares = 0;
  for (const double v : c_) {
    sum += v;
    squares += v * v;
  }
  c_sum_ = comm.sum(sum);
  c_frobenius_ = std::sqrt(comm.sum(squares));
}

Check MatmulWorkload::verify(const RunContext& ctx) {
  digest_c(ctx.comm);
  const bool inputs_intact = ctx.comm.all(local_fingerprint(a_) == a_fingerprint_ &&
                                          local_fingerprint(b_) == b_fingerprint_);
  const bool exact = params_->input.empty() && params_->values == "dyadic";
  const FreivaldsOutcome freivalds =
      freivalds_check(ctx.comm, {n_, rows_, cols_, a_.data(), b_.data(), c_.data()}, ctx.seed,
                      kFreivaldsTrials, exact);

  Check check;
  check.what = std::string("Freivalds: C·x vs A·(B·x), ") + std::to_string(kFreivaldsTrials) +
               " random x, " +
               (exact ? "exact (dyadic inputs)" : "|diff| <= 4nε(|A||B||x|) per element") +
               "; A, B unchanged";
  check.value = freivalds.max_difference;
  check.expected = 0;
  check.error = freivalds.worst_ratio;
  check.passed = freivalds.passed && inputs_intact;
  check.details = Json::object({{"trials", freivalds.trials},
                                {"exact", freivalds.exact},
                                {"max_difference", freivalds.max_difference},
                                {"worst_ratio_to_tolerance", freivalds.worst_ratio},
                                {"tolerance_factor", freivalds.tolerance_factor},
                                {"inputs_intact", inputs_intact},
                                {"c_fingerprint", hex(c_fingerprint_)}});

  if (!params_->save.empty()) {
    const std::string values = params_->input.empty() ? params_->values : "input:" + params_->input;
    save_matrices(params_->save, ctx.comm, n_, rows_, cols_, a_.data(), b_.data(), c_.data(),
                  {ctx.seed, values, "matmul/" + ctx.model});
  }
  return check;
}

Json MatmulWorkload::params(const RunContext& ctx) const {
  std::string kernel;
  if (ctx.model == "serial") {
    kernel = "textbook triple loop";
  } else if (ctx.model == "eigen") {
    kernel = "Eigen GEMM";
  } else {
    kernel =
        "blocked " + std::to_string(tile::kMR) + "x" + std::to_string(tile::kNR) + " micro-kernel";
  }
  const GridShape shape = grid_.shape();
  return Json::object(
      {{"n", n_},
       {"values", params_->input.empty() ? Json(params_->values) : Json("input")},
       {"input", params_->input.empty() ? Json() : Json(params_->input)},
       {"grid", Json(Json::Array{shape.rows, shape.cols})},
       {"local_kernel", kernel},
       {"bytes_per_matrix", 8.0 * static_cast<double>(n_) * static_cast<double>(n_)}});
}

Json MatmulWorkload::result(const RunContext&) const {
  return Json::object({{"n", n_},
                       {"c_fingerprint", hex(c_fingerprint_)},
                       {"c_sum", c_sum_},
                       {"c_frobenius", c_frobenius_}});
}

Metrics MatmulWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  const double n = static_cast<double>(n_);
  m.flops_per_rep = 2.0 * n * n * n;
  m.bytes_per_rep = 3.0 * 8.0 * n * n;
  m.fom.set("GFLOP_per_s", m.flops_per_rep / seconds_per_rep / 1e9);
  return m;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "matmul";
  app.description = "Dense matrix product C = A·B of n x n doubles (compute-bound)";
  app.size_meaning = "n, the order of the n x n matrices (default 1000; serial is O(n³) slow)";
  app.default_size = [] { return kDefaultSize; };
  app.files = [params] {
    std::vector<FileOption> files;
    if (!params->input.empty()) files.push_back({"--input", params->input, FileRole::kInput});
    if (!params->save.empty()) files.push_back({"--save", params->save, FileRole::kHdf5});
    return files;
  };
  app.add_options = [params](CLI::App& cli) { add_matmul_options(cli, *params); };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, true}, make_eigen);
  return app;
}

}  // namespace scalelab::matmul
