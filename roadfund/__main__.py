from roadfund.cli import main

main()
