/*
 * A Lambda function in C that speaks the Runtime API over raw sockets, so the CLI tests have a real function for
 * both architectures without a .NET toolchain per architecture. Behaviour is chosen by the event text:
 *   "action":"error"    -> POST /error (errorType EchoError)
 *   "action":"sleep"    -> never answers (lets the emulator's timeout fire)
 *   "action":"context"  -> responds with the Lambda-Runtime-Client-Context header value (or null)
 *   "action":"env"      -> responds {"var":"$LSLIM_TEST_VAR","taskRoot":"$LAMBDA_TASK_ROOT","cwd":"..."}
 *   "action":"barrier"  -> waits (up to 10 s) until AWS_LAMBDA_MAX_CONCURRENCY invocations are in at once, then
 *                          responds {"together":true} (false when they never were)
 *   anything else        -> echoes the event
 * With AWS_LAMBDA_MAX_CONCURRENCY=N it runs N loops on N threads, as a Managed Instances runtime does.
 * Each invoke logs one line on stderr so the tests can see the function's logs.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in api;
static int concurrency = 1;
static pthread_mutex_t barrier_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t barrier_full = PTHREAD_COND_INITIALIZER;
static int barrier_arrived = 0;

/* True once `concurrency` invocations have arrived here together (gives up after 10 s). */
static int barrier(void) {
    struct timespec until; clock_gettime(CLOCK_REALTIME, &until); until.tv_sec += 10;
    pthread_mutex_lock(&barrier_lock);
    barrier_arrived++;
    pthread_cond_broadcast(&barrier_full);
    int timed_out = 0;
    while (barrier_arrived < concurrency && !timed_out) timed_out = pthread_cond_timedwait(&barrier_full, &barrier_lock, &until) != 0;
    int together = barrier_arrived >= concurrency;
    pthread_mutex_unlock(&barrier_lock);
    return together;
}

static int open_api(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&api, sizeof api) != 0) { perror("connect"); exit(3); }
    return fd;
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) { ssize_t w = write(fd, p, n); if (w <= 0) { perror("write"); exit(3); } p += w; n -= (size_t)w; }
}

/* Reads one response: returns the header block (NUL-terminated) in *head and the body in *body. */
static void read_response(int fd, char **head, char **body, size_t *body_len) {
    size_t cap = 65536, len = 0; char *buf = malloc(cap); char *end = NULL;
    while (!end) {
        if (len + 1 >= cap) { cap *= 2; buf = realloc(buf, cap); }
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r <= 0) { fprintf(stderr, "runtime api closed the connection\n"); exit(3); }
        len += (size_t)r; buf[len] = 0; end = strstr(buf, "\r\n\r\n");
    }
    size_t head_len = (size_t)(end - buf) + 4;
    size_t content_length = 0;
    for (char *line = buf; line < end; line = strstr(line, "\r\n") + 2)
        if (strncasecmp(line, "Content-Length:", 15) == 0) content_length = strtoul(line + 15, NULL, 10);
    char *b = malloc(content_length + 1);
    size_t have = len - head_len; if (have > content_length) have = content_length;
    memcpy(b, buf + head_len, have);
    while (have < content_length) { ssize_t r = read(fd, b + have, content_length - have); if (r <= 0) exit(3); have += (size_t)r; }
    b[content_length] = 0; buf[head_len] = 0;
    *head = buf; *body = b; *body_len = content_length;
}

/* The value of header NAME in HEAD (a fresh string) or NULL. */
static char *header(const char *head, const char *name) {
    size_t n = strlen(name);
    for (const char *line = head; *line; ) {
        const char *eol = strstr(line, "\r\n"); if (!eol) break;
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1; while (*v == ' ') v++;
            return strndup(v, (size_t)(eol - v));
        }
        line = eol + 2;
    }
    return NULL;
}

static void post(const char *path, const char *content_type, const char *extra, const char *body) {
    char req[1024];
    int fd = open_api();
    int n = snprintf(req, sizeof req, "POST %s HTTP/1.1\r\nHost: runtime\r\nContent-Type: %s\r\n%sContent-Length: %zu\r\n\r\n",
                     path, content_type, extra, strlen(body));
    write_all(fd, req, (size_t)n); write_all(fd, body, strlen(body));
    char *head, *rbody; size_t rlen; read_response(fd, &head, &rbody, &rlen);
    free(head); free(rbody); close(fd);
}

/* One Runtime API loop: next, answer, forever. */
__attribute__((noreturn)) static void serve(void) {
    for (;;) {
        int fd = open_api();
        const char *next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n";
        write_all(fd, next, strlen(next));
        char *head, *event; size_t event_len; read_response(fd, &head, &event, &event_len); close(fd);
        char *id = header(head, "Lambda-Runtime-Aws-Request-Id");
        char *context = header(head, "Lambda-Runtime-Client-Context");
        fprintf(stderr, "handling %s (%zu bytes)\n", id, event_len);
        char path[256], *response = event; int must_free = 0;
        if (strstr(event, "\"action\":\"sleep\"")) { for (;;) pause(); }
        if (strstr(event, "\"action\":\"error\"")) {
            snprintf(path, sizeof path, "/2018-06-01/runtime/invocation/%s/error", id);
            post(path, "application/vnd.aws.lambda.error+json", "Lambda-Runtime-Function-Error-Type: EchoError\r\n",
                 "{\"errorMessage\":\"the event asked for an error\",\"errorType\":\"EchoError\",\"stackTrace\":[]}");
        } else {
            if (strstr(event, "\"action\":\"context\"")) { response = context ? context : "null"; }
            if (strstr(event, "\"action\":\"barrier\"")) { response = barrier() ? "{\"together\":true}" : "{\"together\":false}"; }
            if (strstr(event, "\"action\":\"env\"")) {
                char cwd[512]; if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
                const char *var = getenv("LSLIM_TEST_VAR"), *root = getenv("LAMBDA_TASK_ROOT");
                response = malloc(2048); must_free = 1;
                snprintf(response, 2048, "{\"var\":\"%s\",\"taskRoot\":\"%s\",\"cwd\":\"%s\"}", var ? var : "", root ? root : "", cwd);
            }
            snprintf(path, sizeof path, "/2018-06-01/runtime/invocation/%s/response", id);
            post(path, "application/json", "", response);
        }
        if (must_free) free(response);
        free(head); free(event); free(id); free(context);
    }
}

static void *loop_thread(void *unused) {
    (void)unused;
    serve();
}

int main(void) {
    const char *endpoint = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!endpoint) { fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set\n"); return 2; }
    char host[64]; const char *colon = strchr(endpoint, ':');
    snprintf(host, sizeof host, "%.*s", (int)(colon - endpoint), endpoint);
    api.sin_family = AF_INET; api.sin_port = htons((unsigned short)atoi(colon + 1));
    inet_pton(AF_INET, host, &api.sin_addr);
    const char *loops = getenv("AWS_LAMBDA_MAX_CONCURRENCY");
    if (loops && atoi(loops) > 1) concurrency = atoi(loops);
    fprintf(stderr, "echo-function started\n");
    for (int i = 1; i < concurrency; i++) { pthread_t thread; pthread_create(&thread, NULL, loop_thread, NULL); }
    serve();
}
