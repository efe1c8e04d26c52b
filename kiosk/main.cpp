// main.cpp — placeholder while the walking skeleton is assembled.
int main() { return 0; }
