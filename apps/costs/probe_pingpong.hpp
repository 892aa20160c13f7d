// SPDX-License-Identifier: MIT
#pragma once

// pingpong probe: MPI point-to-point latency and bandwidth between ranks 0 and 1 (on one
// node or two; further ranks wait without spinning), for messages of 0 B, then 1 B doubling
// up to --size bytes (default 16 MiB; --size itself is added when it is not a power of two).
//
// Rank 0 sends a message and rank 1 echoes it back (a round trip); the half round trip is the
// one-way latency and bytes / half round trip the bandwidth. Two modes:
//   blocking     MPI_Send / MPI_Recv
//   nonblocking  rank 0 posts MPI_Irecv, MPI_Isend, MPI_Waitall; rank 1 keeps the next
//                receive pre-posted (two buffers) before it echoes
// Round trips per entry and rep: 8 MiB / bytes, between 2 and 1000, after a tenth as many
// untimed ones. Messages under 1 KiB are timed as a batch (their fill and check are cheaper
// than a clock read); larger ones one round trip at a time, fill and check outside.
//
// Verification: EVERY message, both directions, warm-up included, carries a pattern that
// depends on the seed, mode, size, rep and iteration (pattern.hpp), and its receiver checks
// every byte and the length (rank 0 reads the length from 1 KiB up; below, a short echo would
// leave bytes of the previous message, which differ from the expected ones in every byte).
// Rank 1 checks after echoing, off the round trip's critical path. Any mismatch fails the
// run; so does a count of checked messages other than the count sent. Times must be positive
// and finite. The record also says which transport carried the messages (transport.hpp).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "measure.hpp"
#include "mpi_handles.hpp"
#include "pattern.hpp"
#include "scalelab/workload.hpp"
#include "transport.hpp"

namespace scalelab::costs {

constexpr std::uint64_t kDefaultLargestMessage = 16ULL << 20;
constexpr std::uint64_t kMaxMessageBytes = 1ULL << 30;  // MPI counts are ints
constexpr std::uint64_t kPingPongBytesPerEntry = 8ULL << 20;
constexpr std::uint64_t kMinRoundTrips = 2;
constexpr std::uint64_t kMaxRoundTrips = 1000;

enum class Exchange { blocking, nonblocking };

// 0, 1, 2, 4, ... up to `largest`, plus `largest` itself when it is not a power of two.
std::vector<std::uint64_t> message_sizes(std::uint64_t largest);

// Timed round trips of one entry (its warm-up is a tenth of that, at least one).
std::uint64_t round_trips_for(std::uint64_t bytes);

class PingPongProbe : public Workload {
 public:
  void setup(const RunContext& ctx) override;
  void run(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  // Rank 0's side of one entry: returns the mean half round trip in seconds.
  double ping(Exchange mode, std::size_t entry, std::uint64_t bytes);
  // Rank 1's side: echo every message back, then check it.
  void echo(Exchange mode, std::size_t entry, std::uint64_t bytes);
  // The pattern of message `iteration` of an entry in this rep.
  Pattern pattern(Exchange mode, std::size_t entry, std::uint64_t iteration) const;
  // Counts a message whose length (unless `status` is MPI_STATUS_IGNORE) or bytes are wrong.
  void check_message(const std::byte* data, const MPI_Status* status, std::uint64_t bytes,
                     Pattern expected);
  // The largest size <= 8 B: the "small message" of the fom and of the transport verdict.
  std::size_t small_entry() const;

  // The driver's communicator itself, not a copy (see OwnedComm): the driver sends no
  // point-to-point messages that the probe's could match.
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0;
  std::uint64_t seed_ = 0;
  std::uint64_t rep_ = 0;
  std::vector<std::uint64_t> sizes_;
  std::vector<std::byte> send_, receive_;        // rank 0
  std::vector<std::byte> echo_[2];               // rank 1: alternating, so a receive is pre-posted
  std::vector<Samples> blocking_, nonblocking_;  // half round trip seconds, per size
  std::uint64_t messages_checked_ = 0;
  std::uint64_t bad_messages_ = 0;
  bool same_node_ = false;
  TransportConfig transport_;
};

std::unique_ptr<Workload> make_pingpong_probe();

}  // namespace scalelab::costs
