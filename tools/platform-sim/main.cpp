// main.cpp — placeholder; the reference platform is being written.
int main() { return 0; }
