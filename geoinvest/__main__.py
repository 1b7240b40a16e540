from geoinvest.cli import main

main()
