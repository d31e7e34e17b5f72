from slidegen.cli import run

run()
