// SPDX-License-Identifier: MIT
// scalelab-fetch with one more model, `unreachable`: like mpi, but in its second repetition
// the last rank's server is gone (it connects to a loopback port nothing listens on). The job
// must end promptly with that rank's one line and no record (tests/apps/fetch/CMakeLists.txt).
#include <memory>

#include "fetch.hpp"
#include "scalelab/driver.hpp"
#include "socket.hpp"

namespace {

using scalelab::RunContext;
using namespace scalelab::fetch;

// A loopback port that was just free: bound, then released.
int closed_port() {
  const Socket probe = listen_loopback(0);
  return local_port(probe);
}

class ServerGoneInRepTwo final : public FetchWorkload {
 public:
  using FetchWorkload::FetchWorkload;
  void run(const RunContext& ctx) override {
    if (++reps_ == 2 && ctx.comm.rank() == ctx.comm.size() - 1) port_ = closed_port();
    run_blocking(ctx, 1);
  }

 protected:
  std::uint64_t in_flight_per_rank(const RunContext&) const override { return 1; }

 private:
  int reps_ = 0;
};

scalelab::AppDefinition make_fault_app() {
  scalelab::AppDefinition app = make_app();
  app.variants.add("unreachable", {true, false}, [](const scalelab::RunContext& ctx) {
    return std::make_unique<ServerGoneInRepTwo>(ctx);
  });
  return app;
}

}  // namespace

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, make_fault_app);
}
