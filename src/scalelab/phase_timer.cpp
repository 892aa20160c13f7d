// SPDX-License-Identifier: MIT
#include "scalelab/phase_timer.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdint>

#include "scalelab/byte_buffer.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/stats.hpp"

namespace scalelab {
namespace {

// Phase names as one buffer for a gather or broadcast (byte_buffer.hpp).
std::string packed(const std::vector<std::string>& names) {
  std::string bytes;
  ByteWriter writer(bytes);
  writer.put(static_cast<std::uint64_t>(names.size()));
  for (const std::string& name : names) writer.put_string(name);
  return bytes;
}

std::vector<std::string> unpacked(const std::string& bytes) {
  ByteReader reader(bytes, "phase names from a rank");
  std::vector<std::string> names(reader.get_count(sizeof(std::uint64_t)));
  for (std::string& name : names) name = reader.get_string();
  return names;
}

// Every rank's phase names, the root's first, each once in the order first seen: a rank
// may skip a phase another rank marks.
std::vector<std::string> names_of_all_ranks(const Comm& comm,
                                            const std::vector<std::string>& mine) {
  std::string all;
  if (comm.size() == 1) return mine;
  const std::vector<std::string> gathered = comm.gather(packed(mine));
  if (comm.is_root()) {
    std::vector<std::string> names;
    for (const std::string& text : gathered) {
      for (std::string& name : unpacked(text)) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
    all = packed(names);
  }
  return unpacked(comm.broadcast(all));
}

}  // namespace

void PhaseTimer::add(std::string_view phase, double seconds) {
  if (!recording_) return;
  const auto found = std::find(names_.begin(), names_.end(), phase);
  const auto index = static_cast<std::size_t>(found - names_.begin());
  if (found == names_.end()) names_.emplace_back(phase);
  std::vector<double>& rep = reps_.back();
  if (rep.size() <= index) rep.resize(index + 1, 0.0);
  rep[index] += seconds;
}

void PhaseTimer::begin_rep() {
  reps_.emplace_back();
  recording_ = true;
}

std::vector<std::vector<double>> PhaseTimer::seconds() const {
  std::vector<std::vector<double>> out = reps_;
  for (std::vector<double>& rep : out) rep.resize(names_.size(), 0.0);
  return out;
}

Json PhaseTimer::breakdown(const Comm& comm) const {
  const std::vector<std::string> names = names_of_all_ranks(comm, names_);
  if (names.empty()) return Json();
  // This rank's seconds in the common order, reduced to the slowest rank's in one call.
  const std::size_t phases = names.size();
  std::vector<double> flat(reps_.size() * phases, 0.0);
  for (std::size_t r = 0; r < reps_.size(); ++r) {
    for (std::size_t p = 0; p < reps_[r].size(); ++p) {
      const auto at = std::find(names.begin(), names.end(), names_[p]) - names.begin();
      flat[r * phases + static_cast<std::size_t>(at)] = reps_[r][p];
    }
  }
  if (MPI_Allreduce(MPI_IN_PLACE, flat.data(), static_cast<int>(flat.size()), MPI_DOUBLE, MPI_MAX,
                    comm.raw()) != MPI_SUCCESS) {
    throw RuntimeError("MPI_Allreduce of the phase times failed");
  }
  std::vector<std::vector<double>> slowest(reps_.size());
  for (std::size_t r = 0; r < reps_.size(); ++r) {
    slowest[r].assign(flat.begin() + static_cast<std::ptrdiff_t>(r * phases),
                      flat.begin() + static_cast<std::ptrdiff_t>((r + 1) * phases));
  }
  return median_breakdown(names, slowest);
}

Json median_breakdown(const std::vector<std::string>& names,
                      const std::vector<std::vector<double>>& slowest) {
  if (names.empty() || slowest.empty()) return Json();
  Json out = Json::object();
  for (std::size_t p = 0; p < names.size(); ++p) {
    std::vector<double> per_rep;
    for (const std::vector<double>& rep : slowest) per_rep.push_back(p < rep.size() ? rep[p] : 0.0);
    out.set(names[p], median(std::move(per_rep)));
  }
  return out;
}

}  // namespace scalelab
