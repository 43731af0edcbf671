#include <cstdio>
int main() { std::puts("streambus"); return 0; }
