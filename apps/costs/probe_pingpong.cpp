// SPDX-License-Identifier: MIT
#include "probe_pingpong.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "cpu_info.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::costs {
namespace {

constexpr Exchange kModes[] = {Exchange::blocking, Exchange::nonblocking};

const char* name_of(Exchange mode) {
  return mode == Exchange::blocking ? "blocking" : "nonblocking";
}

std::uint64_t warmup_for(std::uint64_t round_trips) {
  return std::max<std::uint64_t>(1, round_trips / 10);
}

// One entry of the table: latency and bandwidth from the half round trip samples.
Json entry_json(const Samples& half_round_trip, std::uint64_t bytes) {
  if (half_round_trip.empty()) return nullptr;
  const double median = half_round_trip.summary().median;
  return Json::object(
      {{"half_round_trip_us", half_round_trip.to_json(1e6)},
       {"GB_per_s", bytes > 0 ? Json(static_cast<double>(bytes) / median / 1e9) : Json()}});
}

}  // namespace

std::vector<std::uint64_t> message_sizes(std::uint64_t largest) {
  std::vector<std::uint64_t> sizes{0};
  for (std::uint64_t bytes = 1; bytes <= largest; bytes *= 2) {
    sizes.push_back(bytes);
    if (bytes > largest / 2) break;  // the next doubling would pass `largest`
  }
  if (largest > sizes.back()) sizes.push_back(largest);
  return sizes;
}

std::uint64_t round_trips_for(std::uint64_t bytes) {
  return std::clamp(kPingPongBytesPerEntry / std::max<std::uint64_t>(bytes, 1), kMinRoundTrips,
                    kMaxRoundTrips);
}

void PingPongProbe::setup(const RunContext& ctx) {
  if (ctx.comm.size() < 2) {
    throw UsageError("--probe pingpong: needs at least 2 ranks (launch with mpirun -n 2), got " +
                     std::to_string(ctx.comm.size()));
  }
  if (ctx.global_size > kMaxMessageBytes) {
    throw UsageError("--size: pingpong messages go up to 1 GiB (1Gi), got " +
                     std::to_string(ctx.global_size) + " bytes");
  }
  // Collective calls first: an allocation failing below on one rank must not strand the
  // others in a collective it never reaches.
  same_node_ = on_same_node(ctx.comm, 0, 1);
  comm_ = ctx.comm.raw();
  rank_ = ctx.comm.rank();
  seed_ = ctx.seed;
  rep_ = 0;
  sizes_ = message_sizes(ctx.global_size);
  const std::size_t largest = ctx.global_size;
  if (rank_ == 0) {
    send_.assign(largest, std::byte{0});
    receive_.assign(largest, std::byte{0});
    transport_ = read_transport_config();
  } else if (rank_ == 1) {
    echo_[0].assign(largest, std::byte{0});
    echo_[1].assign(largest, std::byte{0});
  }
  blocking_.assign(sizes_.size(), Samples());
  nonblocking_.assign(sizes_.size(), Samples());
  messages_checked_ = bad_messages_ = 0;
}

Pattern PingPongProbe::pattern(Exchange mode, std::size_t entry, std::uint64_t iteration) const {
  const std::uint64_t entry_id = 2 * entry + (mode == Exchange::blocking ? 0 : 1);
  return message_pattern(seed_, entry_id, rep_, iteration);
}

void PingPongProbe::check_message(const std::byte* data, const MPI_Status* status,
                                  std::uint64_t bytes, Pattern expected) {
  int received = static_cast<int>(bytes);
  if (status != MPI_STATUS_IGNORE) MPI_Get_count(status, MPI_BYTE, &received);
  ++messages_checked_;
  if (static_cast<std::uint64_t>(received) != bytes || !holds_pattern({data, bytes}, expected)) {
    ++bad_messages_;
  }
}

double PingPongProbe::ping(Exchange mode, std::size_t entry, std::uint64_t bytes) {
  const MPI_Comm comm = comm_;
  const int count = static_cast<int>(bytes);
  const int tag = static_cast<int>(entry);
  // Rank 0 reads the echo's length only where round trips are timed one by one: in a timed
  // batch, MPI_Get_count (and the status it needs) cost ~3 % of an 8-byte round trip. A short
  // echo still fails the payload check there: its missing bytes keep the previous message's,
  // and consecutive patterns differ in every byte. Rank 1 checks every length (off the path).
  const bool read_length = bytes >= kTimeEachFromBytes;
  MPI_Status statuses[2];
  MPI_Status* status = read_length ? &statuses[0] : MPI_STATUS_IGNORE;
  const auto round_trip = [&] {
    if (mode == Exchange::blocking) {
      check_mpi(MPI_Send(send_.data(), count, MPI_BYTE, 1, tag, comm), "MPI_Send");
      check_mpi(MPI_Recv(receive_.data(), count, MPI_BYTE, 1, tag, comm, status), "MPI_Recv");
    } else {
      MPI_Request requests[2];
      check_mpi(MPI_Irecv(receive_.data(), count, MPI_BYTE, 1, tag, comm, &requests[0]),
                "MPI_Irecv");
      check_mpi(MPI_Isend(send_.data(), count, MPI_BYTE, 1, tag, comm, &requests[1]), "MPI_Isend");
      check_mpi(MPI_Waitall(2, requests, read_length ? statuses : MPI_STATUSES_IGNORE),
                "MPI_Waitall");
    }
  };
  std::uint64_t next_iteration = 0;  // warm-up and timed messages share one numbering
  const auto round_trips = [&](std::uint64_t n, bool time_each) {
    const std::uint64_t first = next_iteration;
    next_iteration += n;
    return timed_operations(
        n, time_each,
        [&](std::uint64_t i) {
          fill_pattern({send_.data(), bytes}, pattern(mode, entry, first + i));
        },
        [&](std::uint64_t) { round_trip(); },
        [&](std::uint64_t i) {
          check_message(receive_.data(), status, bytes, pattern(mode, entry, first + i));
        });
  };
  const std::uint64_t trips = round_trips_for(bytes);
  round_trips(warmup_for(trips), false);
  return round_trips(trips, bytes >= kTimeEachFromBytes) / (2.0 * static_cast<double>(trips));
}

void PingPongProbe::echo(Exchange mode, std::size_t entry, std::uint64_t bytes) {
  const MPI_Comm comm = comm_;
  const int count = static_cast<int>(bytes);
  const int tag = static_cast<int>(entry);
  const std::uint64_t trips = round_trips_for(bytes);
  const std::uint64_t total = warmup_for(trips) + trips;
  MPI_Status status;
  if (mode == Exchange::blocking) {
    std::byte* data = echo_[0].data();
    for (std::uint64_t i = 0; i < total; ++i) {
      check_mpi(MPI_Recv(data, count, MPI_BYTE, 0, tag, comm, &status), "MPI_Recv");
      check_mpi(MPI_Send(data, count, MPI_BYTE, 0, tag, comm), "MPI_Send");
      check_message(data, &status, bytes, pattern(mode, entry, i));
    }
    return;
  }
  MPI_Request receive;
  check_mpi(MPI_Irecv(echo_[0].data(), count, MPI_BYTE, 0, tag, comm, &receive), "MPI_Irecv");
  for (std::uint64_t i = 0; i < total; ++i) {
    std::byte* data = echo_[i % 2].data();
    check_mpi(MPI_Wait(&receive, &status), "MPI_Wait");
    if (i + 1 < total) {
      check_mpi(MPI_Irecv(echo_[(i + 1) % 2].data(), count, MPI_BYTE, 0, tag, comm, &receive),
                "MPI_Irecv");
    }
    MPI_Request send;
    check_mpi(MPI_Isend(data, count, MPI_BYTE, 0, tag, comm, &send), "MPI_Isend");
    check_mpi(MPI_Wait(&send, MPI_STATUS_IGNORE), "MPI_Wait");
    check_message(data, &status, bytes, pattern(mode, entry, i));
  }
}

void PingPongProbe::run(const RunContext&) {
  for (const Exchange mode : kModes) {
    std::vector<Samples>& samples = mode == Exchange::blocking ? blocking_ : nonblocking_;
    for (std::size_t e = 0; e < sizes_.size(); ++e) {
      if (rank_ == 0) samples[e].add(ping(mode, e, sizes_[e]));
      if (rank_ == 1) echo(mode, e, sizes_[e]);
    }
  }
  ++rep_;
  wait_without_spinning(comm_);
}

Check PingPongProbe::verify(const RunContext& ctx) {
  std::uint64_t expected_messages = 0;  // both directions, warm-up included, every rep
  for (const std::uint64_t bytes : sizes_) {
    const std::uint64_t trips = round_trips_for(bytes);
    expected_messages += 2 * std::size(kModes) * rep_ * (warmup_for(trips) + trips);
  }
  std::uint64_t bad_times = 0;
  if (rank_ == 0) {
    for (std::size_t e = 0; e < sizes_.size(); ++e) {
      bad_times += !blocking_[e].all_positive_finite() + !nonblocking_[e].all_positive_finite();
    }
  }
  const std::uint64_t bad = ctx.comm.sum(bad_messages_);
  const std::uint64_t checked = ctx.comm.sum(messages_checked_);
  bad_times = ctx.comm.sum(bad_times);
  Check check;
  check.what =
      "every message's length and payload checked on receipt, both directions; "
      "times positive";
  check.value = static_cast<double>(bad + bad_times);
  check.expected = 0;
  check.error = check.value;
  check.passed = bad == 0 && bad_times == 0 && checked == expected_messages;
  check.details = Json::object({{"messages_checked", checked},
                                {"messages_sent", expected_messages},
                                {"bad_messages", bad},
                                {"non_positive_times", bad_times}});
  return check;
}

std::size_t PingPongProbe::small_entry() const {
  std::size_t small = 0;
  for (std::size_t e = 0; e < sizes_.size() && sizes_[e] <= 8; ++e) small = e;
  return small;
}

Json PingPongProbe::params(const RunContext& ctx) const {
  return Json::object({{"probe", "pingpong"},
                       {"largest_message_bytes", ctx.global_size},
                       {"message_sizes", static_cast<std::uint64_t>(sizes_.size())}});
}

Json PingPongProbe::result(const RunContext&) const {
  Json out = Json::object({{"probe", "pingpong"}, {"cpu", to_json(read_cpu_info())}});
  if (rank_ != 0) return out;  // only rank 0 timed; the record is rank 0's
  Json table = Json::array();
  for (std::size_t e = 0; e < sizes_.size(); ++e) {
    Json entry = Json::object({{"bytes", sizes_[e]}, {"round_trips", round_trips_for(sizes_[e])}});
    for (const Exchange mode : kModes) {
      const Samples& s = (mode == Exchange::blocking ? blocking_ : nonblocking_)[e];
      entry.set(name_of(mode), entry_json(s, sizes_[e]));
    }
    table.push(std::move(entry));
  }
  const std::size_t small = small_entry();
  const double small_us = blocking_[small].empty() ? 0 : blocking_[small].summary().median * 1e6;
  out.set("pair",
          Json::object({{"ranks", Json::array().push(0).push(1)}, {"same_node", same_node_}}))
      .set("transport", describe_transport(transport_, same_node_, sizes_[small], small_us))
      .set("table", table);
  return out;
}

double PingPongProbe::memory_bytes_per_rank(const RunContext& ctx) const {
  return ctx.comm.rank() < 2 ? 2.0 * static_cast<double>(ctx.global_size) : 0.0;
}

Metrics PingPongProbe::metrics(const RunContext&, double) const {
  Metrics m;
  if (rank_ != 0 || blocking_.empty() || blocking_.front().empty()) return m;
  double best_bandwidth = 0;
  for (std::size_t e = 0; e < sizes_.size(); ++e) {
    best_bandwidth = std::max(best_bandwidth,
                              static_cast<double>(sizes_[e]) / blocking_[e].summary().median / 1e9);
  }
  m.fom.set("latency_us", blocking_[small_entry()].summary().median * 1e6);
  m.fom.set("bandwidth_GB_per_s", best_bandwidth);
  return m;
}

std::unique_ptr<Workload> make_pingpong_probe() {
  return std::make_unique<PingPongProbe>();
}

}  // namespace scalelab::costs
