from geoinvest.cli import run

run()
