from slidegen.app.cli import run

run()
