// SPDX-License-Identifier: MIT
// Fuzz target: a look preset (share/looks/*.json, or a file a photographer edits by hand) on arbitrary bytes.
// It is read as a Look or refused with a cranes::Error, nothing else; a Look read writes back (look_json) to
// a preset that reads again as the same parameters.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cranes/core/error.hpp"
#include "cranes/look/look.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;  // not JSON: read_look says so before parse_look sees it
  cranes::look::Look look;
  try {
    look = cranes::look::parse_look(j, "fuzz.json");
  } catch (const cranes::Error&) {
    return 0;
  }
  // What `cranes look --list --json` shows of it, as a preset file again (its description and parameters).
  const nlohmann::json written = cranes::look::look_json(look);
  const cranes::look::Look again = cranes::look::parse_look(
      {{"description", written["description"]}, {"params", written["params"]}}, "written.json");
  if (cranes::look::look_json(again)["params"] != written["params"]) std::abort();
  return 0;
}
