/* roster: entry point (placeholder until the shell lands). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("roster %s\n", ROSTER_VERSION);
		return 0;
	}
	fprintf(stderr, "roster: not built yet\n");
	return 1;
}
