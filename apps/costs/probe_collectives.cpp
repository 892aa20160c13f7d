// SPDX-License-Identifier: MIT
#include "probe_collectives.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "cpu_info.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::costs {
namespace {

constexpr const char* kNames[] = {"barrier_us", "bcast_us", "allreduce_us"};

void nothing(std::uint64_t) {}

std::uint64_t warmup_for(std::uint64_t ops) {
  return std::max<std::uint64_t>(1, ops / 10);
}

}  // namespace

std::vector<int> rank_counts(int ranks) {
  std::vector<int> counts;
  for (int count = 1; count < ranks; count *= 2) counts.push_back(count);
  counts.push_back(ranks);
  return counts;
}

std::uint64_t collective_ops_for(std::uint64_t bytes) {
  return std::clamp(kCollectiveBytesPerEntry / std::max<std::uint64_t>(bytes, 1), kMinCollectiveOps,
                    kMaxCollectiveOps);
}

void CollectivesProbe::setup(const RunContext& ctx) {
  if (ctx.global_size % 8 != 0 || ctx.global_size > kMaxCollectiveBytes) {
    throw UsageError(
        "--size: collectives sum 64-bit integers, so the message must be a "
        "multiple of 8 bytes up to 1 GiB, got " +
        std::to_string(ctx.global_size));
  }
  // Collective calls first, allocations after (a rank failing to allocate must not strand
  // the others in a split it never reaches).
  world_ = OwnedComm::duplicate(ctx.comm.raw());
  rank_ = ctx.comm.rank();
  counts_ = rank_counts(ctx.comm.size());
  groups_.clear();
  for (const int count : counts_)
    groups_.push_back(OwnedComm::split(world_.get(), rank_ < count, rank_));
  seed_ = ctx.seed;
  rep_ = 0;
  bytes_ = ctx.global_size;
  send_.assign(bytes_ / 8, 0);
  receive_.assign(bytes_ / 8, 0);
  for (auto& samples : seconds_) samples.assign(counts_.size(), Samples());
  payloads_checked_ = bad_payloads_ = 0;
}

Pattern CollectivesProbe::pattern(Operation op, std::size_t entry, std::uint64_t iteration) const {
  return message_pattern(seed_, kOperations * entry + op, rep_, iteration);
}

void CollectivesProbe::check_payload(const std::vector<std::uint64_t>& words, Pattern expected) {
  ++payloads_checked_;
  if (!holds_pattern(std::as_bytes(std::span(words)), expected)) ++bad_payloads_;
}

double CollectivesProbe::mean_seconds(Operation op, std::size_t entry, MPI_Comm group,
                                      std::uint64_t count) {
  const int words = static_cast<int>(send_.size());
  const auto ranks = static_cast<std::uint64_t>(counts_[entry]);
  const bool time_each = bytes_ >= kTimeEachFromBytes;
  std::uint64_t next_iteration = 0;  // warm-up and timed operations share one numbering
  const auto operations = [&](std::uint64_t n) {
    const std::uint64_t first = next_iteration;
    next_iteration += n;
    const auto message = [&](std::uint64_t i) { return pattern(op, entry, first + i); };
    switch (op) {
      case kBarrier:
        return timed_operations(
            n, false, nothing, [&](std::uint64_t) { check_mpi(MPI_Barrier(group), "MPI_Barrier"); },
            nothing);
      case kBcast:
        return timed_operations(
            n, time_each,
            [&](std::uint64_t i) {
              if (rank_ == 0) fill_pattern(std::as_writable_bytes(std::span(send_)), message(i));
            },
            [&](std::uint64_t) {
              check_mpi(MPI_Bcast(send_.data(), words, MPI_UINT64_T, 0, group), "MPI_Bcast");
            },
            [&](std::uint64_t i) {
              if (rank_ != 0) check_payload(send_, message(i));
            });
      default:
        return timed_operations(
            n, time_each,
            [&](std::uint64_t i) {
              fill_pattern(std::as_writable_bytes(std::span(send_)),
                           rank_pattern(message(i), static_cast<std::uint64_t>(rank_)));
            },
            [&](std::uint64_t) {
              check_mpi(
                  MPI_Allreduce(send_.data(), receive_.data(), words, MPI_UINT64_T, MPI_SUM, group),
                  "MPI_Allreduce");
            },
            [&](std::uint64_t i) { check_payload(receive_, summed_pattern(message(i), ranks)); });
    }
  };
  operations(warmup_for(count));
  return operations(count) / static_cast<double>(count);
}

void CollectivesProbe::run(const RunContext&) {
  const std::uint64_t count = collective_ops_for(bytes_);
  for (std::size_t e = 0; e < counts_.size(); ++e) {
    if (groups_[e].is_member()) {
      const Comm group(groups_[e].get());
      for (std::uint64_t op = 0; op < kOperations; ++op) {
        const double mine = mean_seconds(static_cast<Operation>(op), e, group.raw(), count);
        seconds_[op][e].add(group.max(mine));  // the slowest rank finishes the collective
      }
    }
    wait_without_spinning(world_.get());
  }
  ++rep_;
}

Check CollectivesProbe::verify(const RunContext& ctx) {
  const std::uint64_t ops = collective_ops_for(bytes_);
  std::uint64_t expected_checks = 0;  // Bcast: every rank but the root; Allreduce: every rank
  for (const int count : counts_) {
    expected_checks += rep_ * (warmup_for(ops) + ops) * static_cast<std::uint64_t>(2 * count - 1);
  }
  std::uint64_t bad_times = 0;
  if (rank_ == 0) {
    for (const auto& samples : seconds_) {
      for (const Samples& s : samples) bad_times += !s.all_positive_finite();
    }
  }
  const std::uint64_t bad = ctx.comm.sum(bad_payloads_);
  const std::uint64_t checked = ctx.comm.sum(payloads_checked_);
  bad_times = ctx.comm.sum(bad_times);
  Check check;
  check.what = "every Bcast payload and Allreduce sum checked on every rank; times positive";
  check.value = static_cast<double>(bad + bad_times);
  check.expected = 0;
  check.error = check.value;
  check.passed = bad == 0 && bad_times == 0 && checked == expected_checks;
  check.details = Json::object({{"payloads_checked", checked},
                                {"payloads_expected", expected_checks},
                                {"bad_payloads", bad},
                                {"non_positive_times", bad_times}});
  return check;
}

Json CollectivesProbe::params(const RunContext& ctx) const {
  return Json::object({{"probe", "collectives"},
                       {"message_bytes", ctx.global_size},
                       {"rank_counts", static_cast<std::uint64_t>(counts_.size())}});
}

Json CollectivesProbe::result(const RunContext&) const {
  Json table = Json::array();
  for (std::size_t e = 0; e < counts_.size(); ++e) {
    Json entry = Json::object({{"ranks", counts_[e]}});
    for (std::uint64_t op = 0; op < kOperations; ++op) {
      entry.set(kNames[op], seconds_[op][e].to_json(1e6));
    }
    table.push(std::move(entry));
  }
  return Json::object({{"probe", "collectives"},
                       {"cpu", to_json(read_cpu_info())},
                       {"message_bytes", bytes_},
                       {"operations_per_rep", collective_ops_for(bytes_)},
                       {"table", table}});
}

double CollectivesProbe::memory_bytes_per_rank(const RunContext& ctx) const {
  return 2.0 * static_cast<double>(ctx.global_size);
}

Metrics CollectivesProbe::metrics(const RunContext&, double) const {
  Metrics m;
  if (counts_.empty() || seconds_[kBarrier].back().empty()) return m;
  for (std::uint64_t op = 0; op < kOperations; ++op) {
    m.fom.set(kNames[op], seconds_[op].back().summary().median * 1e6);
  }
  return m;
}

std::unique_ptr<Workload> make_collectives_probe() {
  return std::make_unique<CollectivesProbe>();
}

}  // namespace scalelab::costs
