// edgectl: the command-line client of an edgeorch hub.
#include "edgectl/cli.h"

int main(int argc, char** argv) {
    return edge::ctl::run_cli(argc, argv);
}
