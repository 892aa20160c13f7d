// SPDX-License-Identifier: MIT
#include "transport.hpp"

#include <mpi.h>

#include <cstdint>
#include <sstream>
#include <vector>

namespace scalelab::costs {
namespace {

// MPI_T is reference counted: this session's init/finalize pair leaves MPI itself alone.
class ToolSession {
 public:
  ToolSession() {
    // Ask for the level MPI already runs at: Open MPI adopts the tool interface's level as
    // its own, and a higher one would make it take locks on every message.
    int level = MPI_THREAD_SINGLE, provided = 0;
    MPI_Query_thread(&level);
    ok_ = MPI_T_init_thread(level, &provided) == MPI_SUCCESS;
  }
  ~ToolSession() {
    if (ok_) MPI_T_finalize();
  }
  ToolSession(const ToolSession&) = delete;
  ToolSession& operator=(const ToolSession&) = delete;
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
};

std::optional<std::string> read_string_cvar(const char* name) {
  int index = 0;
  if (MPI_T_cvar_get_index(name, &index) != MPI_SUCCESS) return std::nullopt;
  char found_name[256];
  char description[16];
  int name_length = sizeof found_name, description_length = sizeof description;
  int verbosity = 0, binding = 0, scope = 0;
  MPI_Datatype type;
  MPI_T_enum enumtype;
  if (MPI_T_cvar_get_info(index, found_name, &name_length, &verbosity, &type, &enumtype,
                          description, &description_length, &binding, &scope) != MPI_SUCCESS ||
      type != MPI_CHAR || binding != MPI_T_BIND_NO_OBJECT) {
    return std::nullopt;
  }
  MPI_T_cvar_handle handle;
  int count = 0;
  if (MPI_T_cvar_handle_alloc(index, nullptr, &handle, &count) != MPI_SUCCESS) return std::nullopt;
  std::vector<char> value(static_cast<std::size_t>(count) + 1, '\0');
  const int rc = MPI_T_cvar_read(handle, value.data());
  MPI_T_cvar_handle_free(&handle);
  if (rc != MPI_SUCCESS) return std::nullopt;
  return std::string(value.data());
}

std::vector<std::string> split_list(const std::string& list) {
  std::vector<std::string> items;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

bool contains(const std::vector<std::string>& components, const char* name) {
  for (const std::string& c : components) {
    if (c == name) return true;
  }
  return false;
}

bool names_shared_memory(const std::vector<std::string>& components) {
  return contains(components, "vader") || contains(components, "sm");
}

std::string or_default(const std::optional<std::string>& value) {
  if (!value) return "(not exposed)";
  return value->empty() ? "(default: all)" : *value;
}

}  // namespace

TransportConfig read_transport_config() {
  const ToolSession tools;
  if (!tools.ok()) return {};
  return {read_string_cvar("pml"), read_string_cvar("btl")};
}

std::optional<bool> shared_memory_configured(const TransportConfig& config) {
  if (!config.pml && !config.btl) return std::nullopt;
  // The btl list only matters when ob1 carries the messages: the default selection (empty or
  // an exclusion list that spares ob1) or ob1 named outright.
  const std::string pml = config.pml.value_or("");
  const bool exclusion = !pml.empty() && pml.front() == '^';
  const auto listed = split_list(exclusion ? pml.substr(1) : pml);
  const bool ob1_possible =
      pml.empty() || (exclusion ? !contains(listed, "ob1") : contains(listed, "ob1"));
  if (!ob1_possible) return std::nullopt;
  const std::string btl = config.btl.value_or("");
  if (btl.empty()) return true;  // every component: vader/sm wins on one node
  if (btl.front() == '^') return !names_shared_memory(split_list(btl.substr(1)));
  return names_shared_memory(split_list(btl));
}

Json describe_transport(const TransportConfig& config, bool same_node, std::uint64_t probe_bytes,
                        double half_round_trip_us) {
  const std::optional<bool> configured = shared_memory_configured(config);
  const bool fast = half_round_trip_us <= kSharedMemoryBoundUs;
  std::ostringstream latency;
  latency << probe_bytes << " B half round trip " << half_round_trip_us << " us "
          << (fast ? "<=" : ">") << " bound " << kSharedMemoryBoundUs << " us";
  const std::string selection = "pml=" + or_default(config.pml) + " btl=" + or_default(config.btl);

  std::string kind, evidence;
  if (!same_node) {
    kind = "network";
    evidence = "ranks 0 and 1 are on different nodes; " + selection;
  } else if (configured == false) {
    kind = "network";
    evidence = selection + " excludes shared memory (vader/sm): one node, but a network path";
  } else if (fast) {
    kind = "shared-memory";
    evidence = "one node; " +
               (configured ? selection + " allows vader/sm"
                           : std::string("the library names no pml/btl, inferred from latency")) +
               "; " + latency.str();
  } else {
    kind = "unverified";
    evidence = "one node and shared memory possible (" + selection + "), but " + latency.str() +
               ": a slow fallback transport, or an oversubscribed node";
  }

  Json out = Json::object();
  out.set("pml", config.pml ? Json(*config.pml) : Json())
      .set("btl", config.btl ? Json(*config.btl) : Json())
      .set("same_node", same_node)
      .set("shared_memory_configured", configured ? Json(*configured) : Json())
      .set("probe_bytes", probe_bytes)
      .set("half_round_trip_us", half_round_trip_us)
      .set("shared_memory_bound_us", kSharedMemoryBoundUs)
      .set("kind", kind)
      .set("evidence", evidence);
  return out;
}

}  // namespace scalelab::costs
