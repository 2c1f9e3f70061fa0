#include "CTerminal.h"
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static volatile sig_atomic_t interrupts = 0;

static void on_sigint(int sig) {
    (void)sig;
    interrupts = interrupts + 1;
}

void nnbook_install_sigint(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: readline must return on Ctrl-C */
    sigaction(SIGINT, &action, NULL);
}

int nnbook_interrupt_count(void) { return (int)interrupts; }

void nnbook_reset_interrupts(void) { interrupts = 0; }

int nnbook_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
    return 0;
}

int nnbook_terminal_rows(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_row;
    return 0;
}
