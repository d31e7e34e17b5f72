from slidegen.cli import main

main()
