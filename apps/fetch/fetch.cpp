// SPDX-License-Identifier: MIT
#include "fetch.hpp"

#include <omp.h>
#include <sys/resource.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>

#include "scalelab/errors.hpp"
#include "scalelab/number_parse.hpp"
#include "scalelab/size_parse.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::fetch {
namespace {

void check_mpi(int rc, const char* call) {
  if (rc != MPI_SUCCESS) throw RuntimeError(std::string(call) + " failed");
}

// User + system CPU seconds of this process so far (all its threads: the client's and, on a
// node's first rank, the server's).
double process_cpu_s() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The value at quantile q of sorted samples (nearest rank).
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)];
}

// Every rank's doubles, concatenated on the root (through the byte gather Comm offers).
std::vector<double> gather_doubles(const Comm& comm, const std::vector<double>& local) {
  const std::string bytes(reinterpret_cast<const char*>(local.data()),
                          local.size() * sizeof(double));
  std::vector<double> out;
  for (const std::string& part : comm.gather(bytes)) {
    const std::size_t n = part.size() / sizeof(double);
    const std::size_t at = out.size();
    out.resize(at + n);
    std::memcpy(out.data() + at, part.data(), n * sizeof(double));
  }
  return out;
}

}  // namespace

std::chrono::milliseconds FetchWorkload::socket_timeout() const {
  // Far beyond any latency the distributions draw in practice, yet bounded: a server that
  // stopped answering is reported within seconds, not waited on forever.
  return std::chrono::milliseconds(static_cast<std::int64_t>(10'000 + 100 * params_->latency_ms));
}

double FetchWorkload::memory_bytes_per_rank(const RunContext& ctx) const {
  if (ctx.global_size > kMaxRequests) return 0;
  const double requests = static_cast<double>(ctx.global_size);
  // The per-request counters, this rank's latencies, and a payload per request in flight.
  return requests * sizeof(std::uint32_t) + requests / ctx.comm.size() * sizeof(double) +
         static_cast<double>(in_flight_per_rank(ctx)) * 2.0 *
             static_cast<double>(params_->payload_bytes);
}

// Every request in flight holds a client socket, and the node's server one more for it: too
// few descriptors would end the run mid-way with a socket error, so the soft limit is raised
// to the hard one if needed and a count beyond that is refused up front, on every rank.
void FetchWorkload::check_descriptors(const RunContext& ctx, const NodeComm& node,
                                      bool hosts_server) const {
  constexpr std::uint64_t kSpare = 256;  // MPI, OpenMP, the record, the listening socket
  int node_ranks = 1;
  check_mpi(MPI_Comm_size(node.raw(), &node_ranks), "MPI_Comm_size");
  const std::uint64_t clients = in_flight_per_rank(ctx);
  const std::uint64_t needed =
      clients + (hosts_server ? clients * static_cast<std::uint64_t>(node_ranks) : 0) + kSpare;
  rlimit limit{};
  bool enough = ::getrlimit(RLIMIT_NOFILE, &limit) == 0;
  if (enough && limit.rlim_cur < needed && limit.rlim_max >= needed) {
    limit.rlim_cur = needed;
    enough = ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
  }
  enough = enough && limit.rlim_cur >= needed;
  if (!ctx.comm.all(enough)) {
    throw UsageError(
        "--concurrency: " + std::to_string(clients) + " requests in flight per rank need about " +
        std::to_string(needed) +
        " open files on a rank that also hosts its node's server; the limit "
        "(ulimit -Hn) is " +
        std::to_string(limit.rlim_max) +
        " on at least one rank: keep fewer requests in flight or raise the hard limit");
  }
}

void FetchWorkload::setup(const RunContext& ctx) {
  const std::optional<LatencyDist> dist = parse_latency_dist(params_->latency_dist);
  if (!dist) {
    throw UsageError("--latency-dist: '" + params_->latency_dist + "' is not a distribution");
  }
  if (params_->concurrency && (ctx.model == "serial" || ctx.model == "mpi")) {
    throw UsageError("--concurrency: fetch/" + ctx.model +
                     " keeps one request in flight per rank (--concurrency is for eventloop, "
                     "openmp and hybrid)");
  }
  if (ctx.global_size > kMaxRequests) {
    throw UsageError("--size: " + std::to_string(ctx.global_size) +
                     " requests exceed the limit of " + std::to_string(kMaxRequests) +
                     " (every request keeps an answer counter)");
  }
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  if (ctx.global_size < ranks) {
    throw UsageError("--size: " + std::to_string(ctx.global_size) +
                     " requests cannot be split over " + std::to_string(ranks) + " ranks");
  }
  requests_ = ctx.global_size;
  spec_ = ResponseSpec{ctx.seed, *dist, params_->latency_ms, params_->payload_bytes};
  mine_ = block_range(requests_, ranks, static_cast<std::uint64_t>(ctx.comm.rank()));
  counts_.assign(requests_, 0);
  latencies_s_.clear();

  // One server per node, on its first rank; the node's ranks learn its port from it. The
  // outcome travels with the port (0: failed), so no rank waits on a leader that threw.
  const NodeComm node(ctx.comm);
  int node_rank = 0;
  check_mpi(MPI_Comm_rank(node.raw(), &node_rank), "MPI_Comm_rank");
  check_descriptors(ctx, node, node_rank == 0);
  std::string failure;
  int port = 0;
  if (node_rank == 0) {
    try {
      server_ = std::make_unique<Server>(spec_, params_->port);
      port = server_->port();
    } catch (const UsageError& e) {
      failure = e.what();
    }
  }
  check_mpi(MPI_Bcast(&port, 1, MPI_INT, 0, node.raw()), "MPI_Bcast");
  servers_ = ctx.comm.sum(static_cast<std::uint64_t>(node_rank == 0 ? 1 : 0));
  if (!failure.empty()) throw UsageError(failure);
  if (port == 0) throw UsageError("--port: the server of this rank's node could not start");
  port_ = port;
}

void FetchWorkload::begin_rep() {
  std::fill(counts_.begin(), counts_.end(), 0);
  cpu_start_s_ = process_cpu_s();
}

void FetchWorkload::end_rep(const RunContext& ctx, std::vector<WorkerTally>& tallies) {
  std::uint64_t digest = 0;
  std::uint64_t bad = 0;
  latencies_s_.clear();
  for (WorkerTally& t : tallies) {
    digest += t.digest;
    bad += t.bad_payloads;
    latencies_s_.insert(latencies_s_.end(), t.latencies_s.begin(), t.latencies_s.end());
  }
  cpu_s_ = ctx.comm.sum(process_cpu_s() - cpu_start_s_);
  combined_ = ctx.comm.sum(digest);
  bad_payloads_ = ctx.comm.sum(bad);
}

void FetchWorkload::account(std::uint64_t id, const std::string& payload, double latency_s,
                            WorkerTally& tally) {
  const std::uint64_t sum = checksum(payload);
  if (sum != checksum(spec_.payload(id))) ++tally.bad_payloads;
  tally.digest += digest(id, sum, params_->cpu_work);
  tally.latencies_s.push_back(latency_s);
  std::atomic_ref<std::uint32_t>(counts_[id]).fetch_add(1, std::memory_order_relaxed);
}

void FetchWorkload::run_blocking(const RunContext& ctx, int workers) {
  begin_rep();
  std::vector<WorkerTally> tallies(static_cast<std::size_t>(workers));
  std::atomic<std::uint64_t> next{mine_.begin};
  const auto work = [&](WorkerTally& tally) {
    const Socket connection = connect_loopback(port_, socket_timeout());
    Reader reader(connection);
    for (std::uint64_t id = next++; id < mine_.end; id = next++) {
      const Stopwatch watch;
      const std::string payload = fetch_one(connection, reader, id);
      account(id, payload, watch.seconds(), tally);
    }
  };
  if (workers == 1) {
    work(tallies[0]);
  } else {
    // An exception must not leave an OpenMP region: the first one is carried out of it.
    std::string failure;
#pragma omp parallel num_threads(workers)
    {
      try {
        if (omp_get_num_threads() != workers) {
          throw RuntimeError("OpenMP started " + std::to_string(omp_get_num_threads()) + " of " +
                             std::to_string(workers) +
                             " threads (see OMP_THREAD_LIMIT and OMP_DYNAMIC)");
        }
        work(tallies[static_cast<std::size_t>(omp_get_thread_num())]);
      } catch (const std::exception& e) {
#pragma omp critical(fetch_failure)
        if (failure.empty()) failure = e.what();
      }
    }
    if (!failure.empty()) throw RuntimeError(failure);
  }
  end_rep(ctx, tallies);
}

Check FetchWorkload::verify(const RunContext& ctx) {
  // The replay: every response recomputed from the spec, cyclic over ranks (a split no
  // variant uses), without the network.
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());
  std::uint64_t local = 0;
#pragma omp parallel for schedule(dynamic, 16) reduction(+ : local)
  for (std::uint64_t id = rank; id < requests_; id += ranks) {
    local += digest(id, checksum(spec_.payload(id)), params_->cpu_work);
  }
  replay_ = ctx.comm.sum(local);

  check_mpi(MPI_Allreduce(MPI_IN_PLACE, counts_.data(), static_cast<int>(counts_.size()),
                          MPI_UINT32_T, MPI_SUM, ctx.comm.raw()),
            "MPI_Allreduce");
  std::uint64_t wrong = 0;
#pragma omp parallel for reduction(+ : wrong)
  for (std::uint64_t id = 0; id < requests_; ++id) wrong += counts_[id] == 1 ? 0 : 1;
  wrong_counts_ = wrong;

  std::vector<double> all = gather_doubles(ctx.comm, latencies_s_);
  std::sort(all.begin(), all.end());
  p50_s_ = quantile(all, 0.50);
  p99_s_ = quantile(all, 0.99);
  max_s_ = all.empty() ? 0.0 : all.back();

  Check check;
  check.what =
      "every request answered once with the expected payload; combined digest equals a replay "
      "without the network";
  check.value = static_cast<double>(wrong_counts_ + bad_payloads_);
  check.expected = 0;
  check.error = combined_ == replay_ ? 0.0 : 1.0;
  check.passed = combined_ == replay_ && wrong_counts_ == 0 && bad_payloads_ == 0;
  check.details = Json::object({{"combined", combined_},
                                {"replay", replay_},
                                {"requests_not_answered_once", wrong_counts_},
                                {"bad_payloads", bad_payloads_}});
  return check;
}

Json FetchWorkload::params(const RunContext& ctx) const {
  const std::uint64_t per_rank = in_flight_per_rank(ctx);
  return Json::object({{"requests", requests_},
                       {"latency_ms", params_->latency_ms},
                       {"latency_dist", params_->latency_dist},
                       {"payload_bytes", params_->payload_bytes},
                       {"cpu_work_units", params_->cpu_work},
                       {"in_flight_per_rank", per_rank},
                       {"in_flight", per_rank * static_cast<std::uint64_t>(ctx.comm.size())},
                       {"servers", servers_}});
}

Json FetchWorkload::result(const RunContext&) const {
  return Json::object({{"requests", requests_},
                       {"combined", combined_},
                       {"replay", replay_},
                       {"latency_p50_ms", p50_s_ * 1e3},
                       {"latency_p99_ms", p99_s_ * 1e3},
                       {"latency_max_ms", max_s_ * 1e3},
                       {"cpu_s", cpu_s_}});
}

Metrics FetchWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  const double requests = static_cast<double>(requests_);
  m.fom.set("requests_per_s", requests / seconds_per_rep);
  m.fom.set("latency_p50_ms", p50_s_ * 1e3);
  m.fom.set("latency_p99_ms", p99_s_ * 1e3);
  m.fom.set("cpu_ms_per_request", cpu_s_ / requests * 1e3);
  return m;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "fetch";
  app.description =
      "Fetch: N requests to a local server that answers each after a latency (work bound by "
      "waiting: threads, an event loop, ranks)";
  app.size_meaning = "requests (default 1000)";
  app.default_size = [] { return kDefaultRequests; };
  app.add_options = [params](CLI::App& cli) {
    *params = Params{};  // a fresh parse starts from the defaults
    cli.add_option_function<std::string>(
        "--latency-ms",
        [params](const std::string& text) {
          const double ms = parse_finite_option(text, "--latency-ms");
          if (ms < 0 || ms > kMaxLatencyMs) {
            throw UsageError("--latency-ms: " + text + " is outside 0.." +
                             std::to_string(static_cast<int>(kMaxLatencyMs)));
          }
          params->latency_ms = ms;
        },
        "Mean time the server waits before answering a request, in ms (default 1)");
    cli.add_option("--latency-dist", params->latency_dist, "Distribution of the latencies")
        ->check(CLI::IsMember({"fixed", "exponential", "lognormal"}))
        ->capture_default_str();
    cli.add_option_function<std::string>(
        "--payload-bytes",
        [params](const std::string& text) {
          params->payload_bytes = parse_size(text, "--payload-bytes");
          if (params->payload_bytes > kMaxPayloadBytes) {
            throw UsageError("--payload-bytes: " + std::to_string(params->payload_bytes) +
                             " exceeds the limit of " + std::to_string(kMaxPayloadBytes));
          }
        },
        "Bytes in each response (k/M suffixes; default 1024)");
    cli.add_option_function<std::string>(
        "--cpu-work",
        [params](const std::string& text) {
          // 0 is the default (pure waiting), so unlike a size it may be given.
          params->cpu_work = text == "0" ? 0 : parse_size(text, "--cpu-work");
          if (params->cpu_work > kMaxCpuWork) {
            throw UsageError("--cpu-work: " + std::to_string(params->cpu_work) +
                             " exceeds the limit of " + std::to_string(kMaxCpuWork));
          }
        },
        "Units of computation per response (one unit ~7 ns; k/M suffixes; default 0)");
    cli.add_option_function<std::string>(
        "--concurrency",
        [params](const std::string& text) {
          params->concurrency = parse_size(text, "--concurrency");
          if (*params->concurrency > kMaxConcurrency) {
            throw UsageError("--concurrency: " + std::to_string(*params->concurrency) +
                             " exceeds the limit of " + std::to_string(kMaxConcurrency));
          }
        },
        "Requests in flight per rank: eventloop's connections (default 16), or openmp's and "
        "hybrid's blocking threads beyond --threads (default: --threads); at most 10000");
    cli.add_option("--port", params->port,
                   "Loopback port of the server (0: the kernel chooses; default 0)")
        ->check(CLI::Range(0, 65535));
  };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("eventloop", {true, false}, make_eventloop);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  return app;
}

}  // namespace scalelab::fetch
