/* One local TCP connection on 127.0.0.1: the client writes "hello", the
 * server reads it. Exits 0 when the bytes arrived. For tests/net.sh. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	char buf[16] = "";
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s;

	if (l < 0 || bind(l, (void *)&a, sizeof(a)) || listen(l, 1) ||
	    getsockname(l, (void *)&a, &len))
		return 2;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (void *)&a, sizeof(a)) || (s = accept(l, NULL, NULL)) < 0)
		return 2;
	usleep(100000);
	if (write(c, "hello", 5) != 5 || read(s, buf, sizeof(buf) - 1) != 5)
		return 1;
	printf("%s\n", buf);
	return strcmp(buf, "hello") != 0;
}
