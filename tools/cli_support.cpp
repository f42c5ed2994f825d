#include "cli_support.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

namespace swirl::cli {

namespace {

std::string err_text(int e) { return std::strerror(e); }

// Errors that say the path itself is wrong (a usage error), as opposed to
// the environment refusing (permissions, a full or read-only disk).
bool is_path_errno(int e) { return e == ENOENT || e == ENOTDIR || e == EISDIR || e == ENAMETOOLONG || e == ELOOP; }

std::string dir_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Temporary files not yet renamed or removed (OutputFile keeps it current).
// Never destroyed: exit handlers read it after static destructors ran.
std::vector<std::string>& pending() {
  static auto* names = new std::vector<std::string>;
  return *names;
}
void forget(const std::string& tmp) {
  auto& p = pending();
  p.erase(std::remove(p.begin(), p.end(), tmp), p.end());
}

}  // namespace

void remove_pending_temporaries() {
  for (const std::string& t : pending()) ::unlink(t.c_str());
  pending().clear();
}

std::vector<uint8_t> read_input_file(const std::string& option, const std::string& path, size_t max_bytes) {
  const std::string what = option + " " + path;
  if (path.empty()) usage_error(option + " is empty");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (is_path_errno(e)) usage_error("cannot open " + what + ": " + err_text(e));
    environment_error("cannot open " + what + ": " + err_text(e));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) environment_error("cannot stat " + what + ": " + err_text(errno));
  if (S_ISDIR(st.st_mode)) usage_error(what + " is a directory");
  if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max_bytes)
    usage_error(what + " has " + std::to_string(st.st_size) + " bytes, more than the " + format_bytes(max_bytes) +
                " limit");
  std::vector<uint8_t> out;
  if (S_ISREG(st.st_mode)) out.reserve(static_cast<size_t>(st.st_size));
  uint8_t buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      if (e == EISDIR) usage_error(what + " is a directory");
      environment_error("cannot read " + what + ": " + err_text(e));
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes)
      usage_error(what + " is larger than the " + format_bytes(max_bytes) + " limit");
    out.insert(out.end(), buf, buf + n);
  }
  return out;
}

OutputFile::OutputFile(std::string option, std::string path) : option_(std::move(option)), path_(std::move(path)) {
  const std::string what = option_ + " " + path_;
  if (path_.empty()) usage_error(option_ + " is empty");
  if (path_.back() == '/') usage_error(what + " names a directory, not a file");
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) usage_error(what + " is a directory");
    if (!S_ISREG(st.st_mode)) usage_error(what + " is not a regular file (swirl replaces the file it writes)");
    if (::access(path_.c_str(), W_OK) != 0) environment_error("cannot write " + what + ": " + err_text(errno));
  } else if (errno != ENOENT) {
    const int e = errno;
    if (is_path_errno(e)) usage_error("cannot write " + what + ": " + err_text(e));
    environment_error("cannot write " + what + ": " + err_text(e));
  }
  const std::string dir = dir_of(path_);
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode))
    usage_error("cannot write " + what + ": directory " + dir + " does not exist");
  std::random_device rd;
  for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
    std::ostringstream name;
    name << dir << "/." << base_of(path_) << ".swirl-" << ::getpid() << "-" << std::hex << rd() << ".tmp";
    tmp_ = name.str();
    fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && errno != EEXIST) {
      const int e = errno;
      tmp_.clear();
      const std::string why = "cannot write " + what + " (creating a temporary file in " + dir + "): " + err_text(e);
      if (is_path_errno(e)) usage_error(why);
      environment_error(why);
    }
  }
  if (fd_ < 0) {
    tmp_.clear();
    environment_error("cannot write " + what + ": no free temporary name in " + dir);
  }
  pending().push_back(tmp_);
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!tmp_.empty()) {
    ::unlink(tmp_.c_str());
    forget(tmp_);
  }
  tmp_.clear();
}

void OutputFile::stage(std::span<const uint8_t> bytes) {
  const std::string what = option_ + " " + path_;
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      discard();
      environment_error("cannot write " + what + ": " + err_text(e));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
    const int e = errno;
    discard();
    environment_error("cannot flush " + what + ": " + err_text(e));
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int e = errno;
    discard();
    environment_error("cannot close " + what + ": " + err_text(e));
  }
}

void OutputFile::rename_into_place() {
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    discard();
    environment_error("cannot rename the temporary file onto " + option_ + " " + path_ + ": " + err_text(e));
  }
  forget(tmp_);
  tmp_.clear();
  placed_ = true;
}

void OutputFile::remove_placed() {
  if (placed_) ::unlink(path_.c_str());
  placed_ = false;
}

std::vector<KeccakState> parse_keccak_inputs(std::span<const uint8_t> bytes, const std::string& path) {
  if (bytes.empty()) usage_error("--inputs " + path + " is empty (it needs at least one 200-byte state)");
  if (bytes.size() % 200 != 0)
    usage_error("--inputs " + path + " has " + std::to_string(bytes.size()) + " bytes, not a multiple of 200");
  std::vector<KeccakState> out(bytes.size() / 200);
  for (size_t s = 0; s < out.size(); ++s)
    for (size_t lane = 0; lane < 25; ++lane) {
      uint64_t v = 0;
      for (int b = 7; b >= 0; --b) v = (v << 8) | bytes[s * 200 + lane * 8 + static_cast<size_t>(b)];
      out[s][lane] = v;
    }
  return out;
}

uint64_t available_host_memory() {
  std::ifstream f("/proc/meminfo");
  std::string key;
  uint64_t value = 0;
  std::string unit;
  while (f >> key >> value) {
    std::getline(f, unit);
    if (key == "MemAvailable:") return value * 1024;
  }
  return 0;
}

std::string format_bytes(uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 6) v /= 1024, ++u;
  char buf[64];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

}  // namespace swirl::cli
