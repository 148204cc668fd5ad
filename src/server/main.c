/* rosterd: entry point (placeholder until the HTTP core lands). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("rosterd %s\n", ROSTER_VERSION);
		return 0;
	}
	fprintf(stderr, "rosterd: not built yet\n");
	return 1;
}
