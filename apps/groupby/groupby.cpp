// SPDX-License-Identifier: MIT
#include "groupby.hpp"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>

#include "generator.hpp"
#include "hdf5_columns.hpp"
#include "reference.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/memory_check.hpp"
#include "scalelab/quote.hpp"
#include "table_output.hpp"

namespace scalelab::groupby {
namespace {

bool is_hdf5_path(const std::string& path) {
  for (const char* ext : {".h5", ".hdf5"}) {
    const std::string e = ext;
    if (path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0) {
      return true;
    }
  }
  return false;
}

Json group_json(const Group& g, By by) {
  Json out = Json::object();
  if (by_date(by)) out.set("SETTLEMENTDATE", format_timestamp(g.time));
  if (by_unit(by)) out.set("DUID", g.unit);
  out.set("count", g.moments.count)
      .set("mean", g.moments.mean)
      .set("std", g.moments.stddev())
      .set("min", g.moments.min)
      .set("max", g.moments.max);
  return out;
}

// How far `got` is from `want`: infinity when groups, counts, min or max differ (those must be
// exact), else the larger relative error of mean and std, relative to the group's scale.
double group_error(const Group& got, const Group& want) {
  const Moments& a = got.moments;
  const Moments& b = want.moments;
  if (got.time != want.time || got.unit != want.unit || a.count != b.count || a.min != b.min ||
      a.max != b.max) {
    return INFINITY;
  }
  // Equal values agree, infinities included (a group of +-1e308 has a sum of squares, and
  // so a std, beyond a double on both sides); a NaN never does.
  const auto gap = [](double x, double y) { return x == y ? 0.0 : std::fabs(x - y); };
  const double mean_gap = gap(a.mean, b.mean);
  const double std_gap = gap(a.stddev(), b.stddev());
  if (std::isnan(mean_gap) || std::isnan(std_gap)) return INFINITY;
  const double scale = std::max({1.0, std::fabs(b.min), std::fabs(b.max)});
  return std::max(mean_gap, std_gap) / scale;
}

// Rows of a CSV of `bytes` bytes, for memory estimates before it is scanned: a dispatch line
// is ~30 bytes.
double estimated_rows(std::uint64_t bytes) {
  return static_cast<double>(bytes) / 30;
}

// What rank 0's reference holds per row: the value in its group's vector, with the vector's
// and the map's slack.
constexpr double kReferenceBytesPerRow = 16;

// Data rows an input file holds (malformed ones included): what --size means with --input,
// so the record's size is the file's. Errors are the same UsageErrors setup would give.
std::uint64_t input_rows(const std::string& path) {
  if (is_hdf5_path(path)) {
    const InputFile probe(path, "--input");
    try {
      return column_rows(h5::File::open_read(path, MPI_COMM_SELF));
    } catch (const UsageError& e) {
      throw UsageError(std::string("--input: ") + e.what());
    }
  }
  const InputFile file(path, "--input");
  // Rank 0's reference holds every value: refuse a file that cannot fit before scanning it.
  check_fits_on_one_node(kReferenceBytesPerRow * estimated_rows(file.size()),
                         "--input: " + quote_input(path));
  constexpr std::uint64_t kBlock = 1 << 20;
  std::string buffer;
  std::uint64_t lines = 0;
  char last = '\n';
  for (std::uint64_t at = 0; at < file.size(); at += kBlock) {
    file.read_into({at, at + kBlock}, buffer);
    lines += static_cast<std::uint64_t>(std::count(buffer.begin(), buffer.end(), '\n'));
    last = buffer.empty() ? last : buffer.back();
  }
  if (last != '\n') ++lines;         // a last line without its newline
  return lines > 0 ? lines - 1 : 0;  // the header
}

}  // namespace

void check_csv_header(const InputFile& file) {
  const std::string& path = file.path();
  if (file.size() == 0) {
    throw UsageError("--input: " + quote_input(path) + " is empty (expected the header line " +
                     std::string(kHeader) + ")");
  }
  std::string first = file.read({0, std::min<std::uint64_t>(file.size(), 4096)});
  first = first.substr(0, first.find('\n'));
  if (!first.empty() && first.back() == '\r') first.pop_back();
  if (first != kHeader) {
    throw UsageError("--input: " + quote_input(path) + " line 1 is " + quote_input(first, 60) +
                     ", expected the header " + std::string(kHeader));
  }
}

By parse_by(const std::string& by) {
  if (by == "date") return By::kDate;
  if (by == "duid") return By::kUnit;
  if (by == "both") return By::kBoth;
  throw UsageError("--by: '" + by + "' is not one of date, duid, both");
}

std::string GroupbyWorkload::source_name() const {
  return source_ == Source::kGenerated ? "generated" : params_->input;
}

void GroupbyWorkload::setup(const RunContext& ctx) {
  by_ = parse_by(params_->by);
  const auto threads = static_cast<std::size_t>(ctx.threads);
  pieces_.assign(threads, Piece{});
  tables_.clear();
  for (std::size_t t = 0; t < threads; ++t) tables_.emplace_back(by_);
  stats_.assign(threads, ScanStats{});
  thread_phases_.assign(threads, Phases{});
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());

  if (params_->input.empty()) {
    source_ = Source::kGenerated;
    generated_rows_ = ctx.global_size;
    base_line_ = 1;  // the header a file of these rows would start with
    const Range mine = block_range(generated_rows_, ranks, rank);
    std::uint64_t bytes = 0;
#pragma omp parallel for schedule(static, 1) reduction(+ : bytes)
    for (std::size_t t = 0; t < threads; ++t) {
      pieces_[t].text = generate_text(ctx.seed, block_range(mine, threads, t));
      bytes += pieces_[t].text.size();
    }
    input_bytes_ = ctx.comm.sum(bytes);
  } else if (is_hdf5_path(params_->input)) {
    source_ = Source::kHdf5;
    setup_hdf5(ctx);
  } else {
    source_ = Source::kCsv;
    setup_csv(ctx);
  }
  // One untimed pass with the variant's own code: malformed input is refused here, before
  // the timed loop (where an error could only abort the job), with the true line number.
  run(ctx);
  if (source_ != Source::kGenerated && rows_ == 0) {
    throw UsageError(
        "--input: " + quote_input(params_->input) + " has no data rows" +
        (bad_lines_ > 0 ? " (every line was malformed and skipped)" : " (only the header)"));
  }
  if (source_ != Source::kGenerated && rows_ + bad_lines_ != ctx.global_size) {
    throw UsageError(
        "--scaling weak: the rows of an --input file cannot be multiplied by the "
        "cores (weak scaling needs generated data: --size)");
  }
}

void GroupbyWorkload::setup_csv(const RunContext& ctx) {
  file_ = std::make_unique<InputFile>(params_->input, "--input");
  check_csv_header(*file_);
  input_bytes_ = file_->size();
  base_line_ = 0;
  const auto threads = static_cast<std::uint64_t>(pieces_.size());
  const Range mine = record_aligned_part(*file_, static_cast<std::uint64_t>(ctx.comm.size()),
                                         static_cast<std::uint64_t>(ctx.comm.rank()), is_newline);
  for (std::uint64_t t = 0; t < threads; ++t) {
    Piece& piece = pieces_[t];
    piece.bytes = record_aligned_part(*file_, mine, threads, t, is_newline);
    piece.starts_file = piece.bytes.begin == 0 && piece.bytes.end > 0;
  }
}

void GroupbyWorkload::setup_hdf5(const RunContext& ctx) {
  const std::string& path = params_->input;
  InputFile probe(path, "--input");  // missing, a directory, unreadable: InputFile's words
  try {
    h5_ = std::make_unique<h5::File>(h5::File::open_read(path, ctx.comm.raw()));
    hdf5_total_rows_ = column_rows(*h5_);
    hdf5_units_ = unit_names(*h5_);
  } catch (const UsageError& e) {
    throw UsageError(std::string("--input: ") + e.what());
  }
  hdf5_rows_ = block_range(hdf5_total_rows_, static_cast<std::uint64_t>(ctx.comm.size()),
                           static_cast<std::uint64_t>(ctx.comm.rank()));
  input_bytes_ = hdf5_total_rows_ * 3 * sizeof(double);
  base_line_ = 0;
  read_hdf5_rows();
  check_columns(path, hdf5_rows_.begin + 1, columns_.time, columns_.unit, columns_.value,
                hdf5_units_.size());
}

void GroupbyWorkload::read_hdf5_rows() {
  read_columns(*h5_, hdf5_total_rows_, hdf5_rows_, columns_.time, columns_.unit, columns_.value);
}

Check GroupbyWorkload::verify(const RunContext& ctx) {
  const Comm& comm = ctx.comm;
  Reference ref;
  if (source_ == Source::kHdf5) {
    std::vector<double> time, unit, value;  // every row to rank 0 (collective)
    read_columns(*h5_, hdf5_total_rows_, comm.is_root() ? Range{0, hdf5_total_rows_} : Range{},
                 time, unit, value);
    ReferenceBuilder builder(by_);
    for (std::size_t i = 0; i < time.size(); ++i) {
      builder.row(static_cast<std::int64_t>(time[i]),
                  hdf5_units_[static_cast<std::size_t>(unit[i])], value[i]);
    }
    ref = builder.take();
  } else if (comm.is_root()) {
    ref = source_ == Source::kGenerated ? reference_generated(ctx.seed, generated_rows_, by_)
                                        : reference_csv(params_->input, by_);
  }
  Check check;
  check.what =
      "groups, counts, min, max, rows and bad lines equal an independent serial "
      "computation; mean and std within 1e-9 of each group's scale";
  bool passed = true;
  if (comm.is_root()) {
    const std::vector<Group> want = ref.groups();
    std::uint64_t wrong = 0;
    double worst = 0;
    for (std::size_t i = 0; i < std::max(want.size(), groups_.size()); ++i) {
      const double e =
          i < want.size() && i < groups_.size() ? group_error(groups_[i], want[i]) : INFINITY;
      if (!(e <= kTolerance)) ++wrong;
      if (std::isfinite(e)) worst = std::max(worst, e);
    }
    passed = wrong == 0 && rows_ == ref.rows && bad_lines_ == ref.bad_lines &&
             first_bad_line_ == ref.first_bad_line;
    check.value = static_cast<double>(wrong);
    check.expected = 0;
    check.error = worst;
    check.details = Json::object({{"groups", groups_.size()},
                                  {"expected_groups", want.size()},
                                  {"wrong_groups", wrong},
                                  {"max_relative_error", worst},
                                  {"tolerance", kTolerance},
                                  {"rows", rows_},
                                  {"expected_rows", ref.rows},
                                  {"bad_lines", bad_lines_},
                                  {"expected_bad_lines", ref.bad_lines},
                                  {"first_bad_line", first_bad_line_},
                                  {"expected_first_bad_line", ref.first_bad_line}});
    if (!params_->out.empty()) write_table(params_->out, groups_, by_);
  }
  check.passed = comm.broadcast(passed ? "1" : "0") == "1";
  return check;
}

Json GroupbyWorkload::params(const RunContext&) const {
  const char* format = source_ == Source::kGenerated ? "generated"
                       : source_ == Source::kCsv     ? "csv"
                                                     : "hdf5";
  return Json::object({{"input", source_name()},
                       {"format", format},
                       {"by", params_->by},
                       {"on_bad_line", params_->on_bad_line},
                       {"rows", rows_},
                       {"bytes", input_bytes_}});
}

Json GroupbyWorkload::result(const RunContext&) const {
  Json out = Json::object({{"groups", groups_.size()},
                           {"rows", rows_},
                           {"bad_lines", bad_lines_},
                           {"first_bad_line", first_bad_line_},
                           {"first_bad", first_bad_reason_},
                           {"shuffle_bytes", gathered_bytes_}});
  if (!groups_.empty()) out.set("first_group", group_json(groups_.front(), by_));
  if (!params_->out.empty()) out.set("out", params_->out);
  return out;
}

Metrics GroupbyWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  m.fom.set("MB_per_s", static_cast<double>(input_bytes_) / seconds_per_rep / 1e6);
  m.fom.set("rows_per_s", static_cast<double>(rows_) / seconds_per_rep);
  m.bytes_per_rep = static_cast<double>(input_bytes_);
  return m;
}

double GroupbyWorkload::memory_bytes_per_rank(const RunContext& ctx) const {
  const double ranks = ctx.comm.size();
  double bytes = 0;
  double rows = 0;
  if (params_->input.empty()) {
    rows = static_cast<double>(ctx.global_size);
    bytes = rows * 36;  // a generated line is ~34 bytes
  } else {
    // stat, not InputFile: this runs outside agree_on, so it must not throw on one rank.
    struct stat info {};
    if (::stat(params_->input.c_str(), &info) == 0) bytes = static_cast<double>(info.st_size);
    rows = estimated_rows(static_cast<std::uint64_t>(bytes));
  }
  // This rank's text, plus (rank 0) the reference's copy of every value for verification.
  return bytes / ranks + (ctx.comm.is_root() ? rows * kReferenceBytesPerRow : 0);
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "groupby";
  app.description =
      "Group-by aggregation of dispatch records (CSV or HDF5): count, mean, std, min, max of "
      "SCADAVALUE per SETTLEMENTDATE and/or DUID";
  app.size_meaning = "rows generated in memory (default 1M); with --input, the file's rows";
  app.default_size = [params] {
    return params->input.empty() ? kDefaultRows : input_rows(params->input);
  };
  app.files = [params] {
    std::vector<FileOption> files;
    if (!params->input.empty()) files.push_back({"--input", params->input, FileRole::kInput});
    if (!params->out.empty()) files.push_back({"--out", params->out, FileRole::kText});
    return files;
  };
  app.add_options = [params](CLI::App& cli) {
    *params = Params{};  // a fresh parse starts from the defaults
    refuse_empty_path(cli.add_option("--input", params->input,
                                     "CSV file (SETTLEMENTDATE,DUID,SCADAVALUE with header) or "
                                     "HDF5 file (.h5/.hdf5, from scalelab-groupby-gen --convert); "
                                     "default: --size rows generated in memory"))
        ->excludes("--size");
    unavailable_in_smpi_build(cli.get_option("--input"), kNoHdf5InSimulation, is_hdf5_path);
    cli.add_option("--by", params->by, "Group by settlement time, unit or both")
        ->check(CLI::IsMember({"date", "duid", "both"}))
        ->capture_default_str();
    cli.add_option("--on-bad-line", params->on_bad_line,
                   "Malformed lines: fatal (exit 2 naming file:line) or skip (counted)")
        ->check(CLI::IsMember({"fatal", "skip"}))
        ->capture_default_str();
    refuse_empty_path(cli.add_option("--out", params->out, "Write the groups as CSV to this file"));
  };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::groupby
