// SPDX-License-Identifier: MIT
// The catalog's tables, as migrations: migration N takes a catalog from schema version N-1 to N (kept in
// PRAGMA user_version). A catalog is brought up to date when it is opened for writing; one newer than this
// program is refused, never touched.
#pragma once

#include <string>
#include <vector>

namespace cranes::catalog {

/// The schema version this program writes.
inline constexpr int kSchemaVersion = 3;

/// The SQL of each migration, migration 1 first. Closed sets of words (movement labels, transition types,
/// camera angles) are CHECK constraints built from their enum tables, so the catalog holds only words the
/// search language knows; a new word in a table is a new migration.
const std::vector<std::string>& migrations();

}  // namespace cranes::catalog
