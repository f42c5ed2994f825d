// The CLI's contract with its caller, and the file handling behind it.
//
//   exit 0  proved / accepted
//   exit 1  the proof is rejected (verify only)
//   exit 2  usage or input error: a bad option, an unreadable or malformed
//           input file, an output path that cannot be a file
//   exit 3  environment failure: I/O (a write, flush or rename that fails),
//           host memory, the device, a library that gave up
//
// Every failure prints one line, `swirl: <message>`, naming the offending
// option or file. Outputs are written to a temporary file beside the target
// and renamed over it only after every byte is written, flushed and closed,
// so a failed run leaves no partial file behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "swirl/air/examples/keccakf_reference.h"

namespace swirl::cli {

enum ExitCode : int { kExitOk = 0, kExitRejected = 1, kExitUsage = 2, kExitEnvironment = 3 };

/// A failure with its exit status (kExitUsage or kExitEnvironment).
class CliError : public std::runtime_error {
 public:
  CliError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

[[noreturn]] inline void usage_error(const std::string& what) { throw CliError(kExitUsage, what); }
[[noreturn]] inline void environment_error(const std::string& what) { throw CliError(kExitEnvironment, what); }

/// The whole of input file `path` (named `option` in messages, e.g.
/// "--proof"). A missing file, a directory or a file over `max_bytes` is a
/// usage error; a failing read an environment error.
std::vector<uint8_t> read_input_file(const std::string& option, const std::string& path, size_t max_bytes);

/// An output file written atomically. The constructor checks the target
/// (not a directory or other non-regular file, its directory exists and it
/// is writable) and creates the temporary file, so an unusable path fails
/// before any work; commit() writes, flushes, fsyncs, closes and renames.
/// Without commit() the temporary file is removed.
class OutputFile {
 public:
  OutputFile(std::string option, std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Writes `bytes` to the temporary file and closes it (environment error
  /// on any failure). Call rename_into_place() after every output is staged.
  void stage(std::span<const uint8_t> bytes);
  void rename_into_place();
  /// Removes a file already renamed into place (a later output failed).
  void remove_placed();
  const std::string& path() const { return path_; }

 private:
  void discard();
  std::string option_, path_, tmp_;
  int fd_ = -1;
  bool placed_ = false;
};

/// Removes the temporary files of every OutputFile not yet renamed (for an
/// exit that skips destructors: a library calling exit()).
void remove_pending_temporaries();

/// keccak-f inputs: N >= 1 states of 25 little-endian u64 lanes (200 bytes
/// each). Usage error for an empty input or a size that is not a multiple
/// of 200 (`path` names the file in messages).
std::vector<KeccakState> parse_keccak_inputs(std::span<const uint8_t> bytes, const std::string& path);

/// Host memory available to this process (MemAvailable of /proc/meminfo, or
/// 0 when it cannot be read).
uint64_t available_host_memory();

/// "1.5 GiB" and the like.
std::string format_bytes(uint64_t bytes);

}  // namespace swirl::cli
