#include "bus/testing/mosquitto_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace edge::testing {

namespace {

const char* kMosquittoBinary = "/usr/sbin/mosquitto";

bool port_accepts(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
}

}  // namespace

int free_loopback_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

MosquittoProcess::MosquittoProcess() {
    char pattern[] = "/tmp/edge-mosquitto-XXXXXX";
    dir_ = mkdtemp(pattern);
    port_ = free_loopback_port();
}

MosquittoProcess::~MosquittoProcess() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

bool MosquittoProcess::available() const {
    return access(kMosquittoBinary, X_OK) == 0;
}

bool MosquittoProcess::start() {
    return start_with_config("listener " + std::to_string(port_) + " 127.0.0.1\n" +
                             "allow_anonymous true\n");
}

bool MosquittoProcess::start_with_config(const std::string& body) {
    std::string config = dir_ + "/mosquitto.conf";
    {
        std::ofstream out(config);
        out << body << "persistence true\n"
            << "persistence_location " << dir_ << "/\n"
            << "log_dest none\n";
        // Mosquitto drops root privileges to its own user unless told otherwise, and then
        // cannot write the persistence file in our private directory.
        if (const passwd* user = getpwuid(getuid()); user != nullptr) {
            out << "user " << user->pw_name << "\n";
        }
    }
    pid_ = fork();
    if (pid_ == 0) {
        execl(kMosquittoBinary, kMosquittoBinary, "-c", config.c_str(), nullptr);
        _exit(127);
    }
    for (int i = 0; i < 100; ++i) {
        if (port_accepts(port_)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void MosquittoProcess::reload() {
    if (pid_ > 0) kill(pid_, SIGHUP);
}

void MosquittoProcess::stop(bool crash) {
    if (pid_ <= 0) return;
    kill(pid_, crash ? SIGKILL : SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

}  // namespace edge::testing
