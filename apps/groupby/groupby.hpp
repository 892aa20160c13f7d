// SPDX-License-Identifier: MIT
#pragma once

// groupby: a data-analysis pipeline (read, parse, aggregate, merge) where parsing and I/O, not
// arithmetic, decide the speed. Input: electricity-dispatch records
//     SETTLEMENTDATE,DUID,SCADAVALUE          (header line)
//     2024/01/01 00:05:00,BAYSW1,659.870      (5-minute intervals, unit id, MW)
// from a CSV file (--input x.csv), an HDF5 file of one dataset per column (--input x.h5,
// written by scalelab-groupby-gen --convert), or generated in memory (--size rows, from
// --seed; generator.hpp).
//
// Reference loop (what every variant computes):
//     for each good row: groups[key(row)].add(SCADAVALUE)        key: --by date|duid|both
//     output: per group count, mean, sample std, min, max, ordered by time then unit
// Moments (moments.hpp) are Welford's updates merged with Chan et al.'s formula, so threads,
// ranks and Eigen segments combine partial aggregates without losing precision.
//
// Bytes per rep: the CSV text (or the HDF5 columns, 24 bytes a row), read once. No flops to
// speak of: the figures of merit are MB_per_s and rows_per_s; the breakdown splits a rep into
// read (pread / collective HDF5 read), parse, aggregate and merge (threads, then ranks).
//
// Models: serial (one scan); openmp (the file split at line boundaries, one piece per thread,
// per-thread tables merged); mpi (each rank its byte range or HDF5 hyperslab, tables gathered
// to rank 0 and merged); hybrid (both); eigen (parse to columns, then per-group segment
// reductions with Eigen arrays).
//
// Malformed lines (--on-bad-line): fatal (default) stops with `file:line: what` and exit 2;
// skip counts them (result.bad_lines, first_bad_line). Line numbers are the file's: each
// worker counts the lines it scanned, and an exclusive scan over threads and ranks turns
// piece-relative numbers into absolute ones.
//
// Verification: rank 0 recomputes everything from the input with an independent serial code
// (reference.hpp: line splitting with std::getline, strtod, std::map, long-double two-pass
// variance) and compares: identical groups, counts, min, max, rows and bad lines; mean and std
// within 1e-9 relative to the group's largest |value|.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "group_table.hpp"
#include "records.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/hdf5.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::groupby {

constexpr std::uint64_t kDefaultRows = 1'000'000;
constexpr double kTolerance = 1e-9;

struct Params {
  std::string input;  // empty: generate --size rows in memory
  std::string by = "date";
  std::string on_bad_line = "fatal";
  std::string out;  // CSV table of the groups; empty: none
};

By parse_by(const std::string& by);

// UsageError naming --input unless the file starts with the header line kHeader.
void check_csv_header(const InputFile& file);

// Seconds per phase of one repetition on this rank (max over its threads).
struct Phases {
  double read = 0, parse = 0, aggregate = 0, merge = 0;
};

// One thread's share of the CSV text: a byte range of the file read into `text` per rep, or
// text generated once in setup.
struct Piece {
  Range bytes;
  std::string text;
  bool starts_file = false;  // its first line is the header
};

// The columns of a rank's HDF5 rows.
struct Columns {
  std::vector<double> time, unit, value;
};

class GroupbyWorkload : public Workload {
 public:
  explicit GroupbyWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

  // The final table of the last repetition (complete on rank 0 only).
  const std::vector<Group>& groups() const { return groups_; }

 protected:
  // The rank-local part of a repetition: every piece (or the HDF5 rows) into tables_, one
  // per thread, with `threaded` using one OpenMP thread per piece.
  void aggregate_local(bool threaded);
  // Line numbers, the bad-line policy and the merge: threads' tables into one, then (with
  // `across_ranks`) every rank's to rank 0. Collective when across_ranks.
  void finish(const RunContext& ctx, bool across_ranks);

  // Kernels a variant may replace (eigen): one piece of CSV text into `table`, and rows
  // [begin, end) of the HDF5 columns. They add their seconds to `phases`.
  virtual void aggregate_text(std::string_view text, bool skip_header, GroupTable& table,
                              ScanStats& stats, Phases& phases) const;
  virtual void aggregate_columns(Range rows, GroupTable& table, Phases& phases) const;

  const Params* params_;  // the run's (RunContext::params), which outlives the workload
  By by_ = By::kDate;
  std::vector<std::string> hdf5_units_;  // DUID codes -> ids (HDF5 input)
  Columns columns_;                      // this rank's HDF5 rows (read every rep)
  std::vector<GroupTable> tables_;       // one per thread; [0] holds the merge

 private:
  enum class Source { kGenerated, kCsv, kHdf5 };
  void setup_csv(const RunContext& ctx);
  void setup_hdf5(const RunContext& ctx);
  void read_hdf5_rows();
  std::string source_name() const;

  Source source_ = Source::kGenerated;
  std::unique_ptr<InputFile> file_;
  std::unique_ptr<h5::File> h5_;
  Range hdf5_rows_;  // this rank's block
  std::uint64_t hdf5_total_rows_ = 0;
  std::uint64_t generated_rows_ = 0;
  std::uint64_t input_bytes_ = 0;  // whole input, all ranks
  std::vector<Piece> pieces_;      // one per thread of this rank
  std::vector<ScanStats> stats_;
  std::vector<Phases> thread_phases_;
  std::uint64_t base_line_ = 0;  // lines before the first piece (1 when generated: header)
  // Outcome of the last repetition, over all ranks.
  std::uint64_t rows_ = 0, bad_lines_ = 0, first_bad_line_ = 0;
  std::uint64_t gathered_bytes_ = 0;  // partial tables the root received (the model's volume)
  std::string first_bad_reason_;
  std::vector<Group> groups_;
  Json check_details_ = Json::object();
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

AppDefinition make_app();

}  // namespace scalelab::groupby
