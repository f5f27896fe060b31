#include "agent/testing/dockerd_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "agent/engine/unix_http.h"

namespace edge::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr const char* kBusybox = "/bin/busybox";
constexpr const char* kBusyboxApplets[] = {
    "sh", "sleep", "httpd", "nc",   "cat", "echo", "ls",    "true",  "false", "env",
    "ps", "kill",  "wget",  "head", "dd",  "test", "mkdir", "touch", "tr"};

std::optional<std::string> find_dockerd() {
    std::vector<std::string> dirs = {"/usr/sbin",      "/usr/bin", "/usr/local/sbin",
                                     "/usr/local/bin", "/sbin",    "/bin"};
    for (const auto& dir : dirs) {
        std::string candidate = dir + "/dockerd";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool exited(pid_t pid, std::chrono::milliseconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno == ECHILD)) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

// PIDs of processes whose command line mentions `text`: the containerd and shims that a
// dockerd started for this fixture, which outlive it when it is killed.
std::vector<pid_t> processes_mentioning(const std::string& text) {
    std::vector<pid_t> pids;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator("/proc", error)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        pid_t pid = std::stoi(name);
        if (pid == ::getpid()) continue;
        std::string cmdline = read_file(entry.path() / "cmdline");
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find(text) != std::string::npos) pids.push_back(pid);
    }
    return pids;
}

// Mount points under `root`, deepest first.
std::vector<std::string> mounts_under(const std::string& root) {
    std::vector<std::string> mounts;
    std::istringstream lines(read_file("/proc/self/mountinfo"));
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string id, parent, device, source, target;
        fields >> id >> parent >> device >> source >> target;
        if (target.rfind(root + "/", 0) == 0) mounts.push_back(target);
    }
    std::sort(mounts.begin(), mounts.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return mounts;
}

}  // namespace

std::string DockerdFixture::unavailable_reason() {
    if (::geteuid() != 0) return "a private dockerd needs root";
    if (!find_dockerd()) return "dockerd is not installed";
    if (::access(kBusybox, X_OK) != 0) return "busybox-static is not installed";
    return {};
}

Result<std::unique_ptr<DockerdFixture>> DockerdFixture::start() {
    std::string reason = unavailable_reason();
    if (!reason.empty()) return make_error(reason);
    char pattern[] = "/tmp/edged.XXXXXX";
    if (::mkdtemp(pattern) == nullptr) return make_error("cannot create a directory in /tmp");
    std::unique_ptr<DockerdFixture> fixture(new DockerdFixture(pattern));
    const std::string& root = fixture->root_;

    std::string dockerd = *find_dockerd();
    std::vector<std::string> args = {dockerd,
                                     "--data-root=" + root + "/data",
                                     "--exec-root=" + root + "/exec",
                                     "--host=unix://" + root + "/docker.sock",
                                     "--pidfile=" + root + "/docker.pid",
                                     "--bridge=none",
                                     "--iptables=false",
                                     "--ip6tables=false",
                                     "--ip-masq=false"};
    std::string log_path = root + "/dockerd.log";
    pid_t pid = ::fork();
    if (pid < 0) return make_error("cannot fork dockerd");
    if (pid == 0) {
        int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        ::setpgid(0, 0);  // keeps a terminal's Ctrl-C away from it
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    fixture->pid_ = pid;
    Status ready = fixture->wait_until_ready();
    if (!ready.ok()) return ready.error();  // the destructor stops what was started
    return fixture;
}

Status DockerdFixture::wait_until_ready() {
    UnixHttpClient http(socket_path());
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return make_error("dockerd exited while starting: " + log_tail());
        }
        auto ping = http.send({.method = "GET", .path = "/_ping", .timeout_seconds = 2});
        if (ping.ok() && ping->status == 200) return ok_status();
        std::this_thread::sleep_for(100ms);
    }
    return make_error("dockerd did not answer within 60 s: " + log_tail());
}

std::string DockerdFixture::log_tail() const {
    std::string log = read_file(root_ + "/dockerd.log");
    return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
}

DockerdFixture::~DockerdFixture() {
    stop();
}

void DockerdFixture::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        if (!exited(pid_, 30s)) {
            ::kill(pid_, SIGKILL);
            exited(pid_, 10s);
        }
        pid_ = -1;
    }
    if (root_.empty()) return;
    for (pid_t leftover : processes_mentioning(root_)) ::kill(leftover, SIGKILL);
    for (int i = 0; i < 50 && !processes_mentioning(root_).empty(); ++i) {
        std::this_thread::sleep_for(100ms);
    }
    for (const auto& mount : mounts_under(root_)) ::umount2(mount.c_str(), MNT_DETACH);
    std::error_code error;
    fs::remove_all(root_, error);
    root_.clear();
}

Status DockerdFixture::import_busybox(const std::string& image) {
    fs::path rootfs = fs::path(root_) / "rootfs";
    std::error_code error;
    fs::create_directories(rootfs / "bin", error);
    fs::create_directories(rootfs / "tmp", error);
    fs::copy_file(kBusybox, rootfs / "bin" / "busybox", fs::copy_options::overwrite_existing,
                  error);
    if (error) return make_error("cannot copy " + std::string(kBusybox) + ": " + error.message());
    for (const char* applet : kBusyboxApplets) {
        fs::create_symlink("busybox", rootfs / "bin" / applet, error);
    }
    std::string tar_path = root_ + "/rootfs.tar";
    std::string command = "tar -C '" + rootfs.string() + "' -cf '" + tar_path + "' .";
    if (std::system(command.c_str()) != 0) return make_error("cannot run: " + command);

    auto colon = image.rfind(':');
    std::string repo = colon == std::string::npos ? image : image.substr(0, colon);
    std::string tag = colon == std::string::npos ? "latest" : image.substr(colon + 1);
    UnixHttpClient http(socket_path());
    auto response = http.send({.method = "POST",
                               .path = "/images/create?fromSrc=-&repo=" + url_encode(repo) +
                                       "&tag=" + url_encode(tag) +
                                       "&changes=" + url_encode("CMD [\"/bin/sh\"]"),
                               .body = read_file(tar_path),
                               .timeout_seconds = 120,
                               .content_type = "application/x-tar"});
    if (!response.ok()) return response.error();
    if (response->status != 200 || response->body.find("\"error") != std::string::npos) {
        return make_error("import of " + image + " failed: " + response->body);
    }
    return ok_status();
}

std::optional<int64_t> DockerdFixture::cgroup_memory_limit(const std::string& container_id) {
    const std::vector<std::string> candidates = {
        "/sys/fs/cgroup/memory/docker/" + container_id + "/memory.limit_in_bytes",
        "/sys/fs/cgroup/docker/" + container_id + "/memory.max",
        "/sys/fs/cgroup/system.slice/docker-" + container_id + ".scope/memory.max",
    };
    for (const auto& path : candidates) {
        std::ifstream in(path);
        int64_t value = 0;
        if (in >> value) return value;
    }
    return std::nullopt;
}

}  // namespace edge::testing
