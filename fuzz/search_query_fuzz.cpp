// SPDX-License-Identifier: MIT
// Fuzz target: the search language on arbitrary bytes. A query either compiles or is refused with a
// cranes::Error (never another exception, a crash or a hang); one that compiles runs on a real, empty catalog
// (its SQL prepares and its values bind), and its structured form compiles back to the same SQL and values.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "cranes/catalog/catalog.hpp"
#include "cranes/catalog/query.hpp"
#include "cranes/catalog/search.hpp"
#include "cranes/core/error.hpp"

namespace {

const cranes::catalog::Catalog& empty_catalog() {
  static const auto path =
      std::filesystem::temp_directory_path() / ("cranes-fuzz-search-" + std::to_string(::getpid()) + ".db");
  static const std::unique_ptr<cranes::catalog::Catalog> cat = [] {
    std::filesystem::remove(path);
    auto c = std::make_unique<cranes::catalog::Catalog>(path);
    std::atexit([] {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    });
    return c;
  }();
  return *cat;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;  // a query is a line, not a file
  const std::string text(reinterpret_cast<const char*>(data), size);
  cranes::catalog::CompiledQuery q;
  try {
    q = cranes::catalog::compile_query(text);
  } catch (const cranes::Error&) {
    return 0;  // refused, with its message: fine
  }
  const cranes::catalog::CompiledQuery again = cranes::catalog::compile_query(q.canonical);
  if (again.sql != q.sql || again.binds != q.binds) std::abort();
  const auto result = cranes::catalog::search(empty_catalog(), text);
  if (!result.hits.empty()) std::abort();
  return 0;
}
