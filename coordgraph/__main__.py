from coordgraph.cli import main

main()
