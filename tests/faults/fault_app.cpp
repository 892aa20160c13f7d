// SPDX-License-Identifier: MIT
// A workload whose last rank fails in the middle of the timed loop, to test that the job
// ends (and no rank hangs in a collective) when one rank throws or dies:
//   fault_app --model mpi   --fault throw|kill|exit  (the last rank fails in rep 2)
#include <signal.h>
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "scalelab/cli.hpp"
#include "scalelab/driver.hpp"

namespace {

struct FaultParams {
  std::string fault = "throw";
};

class FaultyWorkload final : public scalelab::Workload {
 public:
  explicit FaultyWorkload(const scalelab::RunContext& ctx) : params_(&ctx.params<FaultParams>()) {}
  void setup(const scalelab::RunContext&) override {}
  void run(const scalelab::RunContext& ctx) override {
    const bool failing = ctx.comm.rank() == ctx.comm.size() - 1 && ++reps_ == 2;
    if (failing) {
      if (params_->fault == "throw") throw std::runtime_error("injected failure in rep 2");
      if (params_->fault == "kill") raise(SIGKILL);
      if (params_->fault == "exit") std::exit(5);
    }
    // The other ranks are already waiting here when the last one fails.
    ctx.comm.sum(std::uint64_t{1});
  }
  scalelab::Check verify(const scalelab::RunContext&) override { return {true, false, "none"}; }
  scalelab::Json params(const scalelab::RunContext&) const override { return {}; }
  scalelab::Json result(const scalelab::RunContext&) const override { return {}; }
  scalelab::Metrics metrics(const scalelab::RunContext&, double) const override { return {}; }

 private:
  const FaultParams* params_;
  int reps_ = 0;
};

scalelab::AppDefinition make_fault_app() {
  scalelab::AppDefinition app;
  auto params = scalelab::set_params<FaultParams>(app);
  app.workload = "fault";
  app.description = "Fault injection for tests";
  app.size_meaning = "unused";
  app.default_size = [] { return std::uint64_t{1}; };
  app.add_options = [params](CLI::App& cli) {
    cli.add_option("--fault", params->fault, "throw | kill | exit")
        ->check(CLI::IsMember({"throw", "kill", "exit"}));
  };
  app.variants.add("mpi", {true, false}, [](const scalelab::RunContext& ctx) {
    return std::make_unique<FaultyWorkload>(ctx);
  });
  return app;
}

}  // namespace

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, make_fault_app);
}
