package privacy

// firstNames is a list of first names common in the UK, written for Pagekeeper
// by its authors (not derived from any data set; no attribution is owed) and
// shipped under the project's own licence. It spans the names of several
// generations and of the UK's larger communities so that a patient named in a
// post is recognised whatever their age or background. Names that are also
// ordinary English words (Grace, Will, Hope) are listed too: the name detector
// then needs a capitalised surname after them.
const firstNames = `
aaliyah aaron abbie abby abdul abdullah abi abigail abu ada adam adele adrian adriana afia agnes ahmad ahmed aidan aiden
aileen ailsa aimee aisha aishah alan alana albert aleena alesha alex alexa alexander alexandra alexis alfie alfred ali
alice alicia alisha alison alistair allan alma amanda amara amber amelia amelie ami amina amir amit amos amy ana anaya
andre andrea andrew andy angela angus anika anil anita ann anna annabel annabelle anne annette annie anthony anton antonia
anya april archie ari arjun arlo arran arthur arun asha ashley ashok asif aston athena aubrey audrey austin ava avery axel
ayaan ayesha aziz barbara barry basil beatrice becky belinda bella ben benjamin bernadette bernard beryl beth bethan bethany
betty beverley bianca bill billie billy blake bob bobby bonnie brandon brenda brendan brett brian bridget brodie brooke
bruce bryan caitlin caleb callum calum cameron camilla cara carl carla carly carol caroline carolyn carrie casey cassie
catherine cathy cerys chantelle charlie charles charlotte chelsea cheryl chloe chris christian christina christine
christopher ciara ciaran claire clara clare claudia clive cody colin connie connor conor courtney craig curtis cynthia
daisy dale damian damien dan dana daniel daniela danielle danny daphne darren darius darryl dave david dawn dean debbie
deborah declan dee deepak deirdre denis denise dennis derek desmond diana diane dina dionne dolly dominic don donald
donna doreen doris dorothy dougie douglas duncan dylan eddie edgar edith edna edward edwin eileen elaine eleanor elena eli
elijah elise eliza elizabeth ella ellen ellie elliot elliott elsie elspeth emily emma enid eric erin esme esther ethan
eugene eva evan eve evelyn evie ewan faisal faith farah fatima fay faye felix fern fergus finlay finley finn fiona florence
frances francesca frank frankie fraser freda freddie frederick freya gabriel gail gareth garry gary gavin gemma geoff
geoffrey george georgia georgina gerald geraldine gerry gillian gina glen glenda glenn gloria gordon grace graham grant
greg gregory gurpreet gwen gwendoline hadi hafsa hamza hannah harley harold harper harriet harrison harry harvey hassan
hayden hayley hazel heather hector heidi helen helena henry hilary hilda holly hope howard hugh hugo hussain ian ibrahim
ida idris imogen imran ina ines ingrid irene iris isaac isabel isabella isabelle isla ismail ivan ivy izzy jack jackie
jackson jacob jacqueline jade jake james jamie jan jane janet janice jasmine jason jasper javed jay jayden jean jeanette
jeff jeffrey jemma jen jenna jennifer jenny jeremy jess jesse jessica jill jim jimmy jo joan joanna joanne jodie joe joel
joseph josephine josh joshua joy joyce jude judith judy julia julian julie june justin kai kaleb kamal kara karen karim
karl kate katherine kathleen kathryn katie katy kay kayla kayleigh keith kelly ken kenneth kerry kevin khadija kieran kim
kimberley kirsty kit kyle lacey lachlan lara laura lauren layla leah lee leigh leila lena leo leon leona leonard lesley
leslie lewis lexi liam libby lily linda lindsay lindsey lisa liz lizzie logan lois lola lorna lorraine louis louisa louise
luca lucas lucy luke lydia lynn lynne mabel mackenzie madeleine madison maggie mahmood maisie maja malcolm mandy manjit
manoj marcus margaret maria marian marie marilyn marion mark marsha martha martin mary mason matilda matt matthew maureen
maurice max maya megan meghan mehmet melanie melissa mia michael michaela michelle mick mike mildred millie miriam mohamed
mohammad mohammed molly mollie mona monica morgan muhammad mustafa nadia naomi nasir natalie natasha nathan navdeep
neil nell nellie niall nicholas nicky nicola nicole nigel nikhil nina noah noel nora norma norman nuala olga oli oliver
olivia ollie omar oscar owen paige pamela paris patricia patrick paul paula pauline pearl peggy penny percy peter phil
philip philippa phoebe phyllis piotr pippa polly poppy priya priyanka rachel raj rajesh ralph ravi ray raymond rebecca
reece reggie reuben rhian rhiannon rhys ricky riley rita rob robert robbie robin rodney roger rohan ronald ronnie rory rosa
rosalind rose rosemary rosie ross rowan roxanne roy ruby rupert ruth ryan sabrina sadie sahil saima sally sam samantha
samir samuel sandra sara sarah scarlett scott sean sebastian seren shabana shahid shane shannon sharon shaun sheila
shelley sheryl shirley shona sian sidney simon siobhan sofia sonia sophie stacey stanley stella stephanie stephen steve
steven stewart stuart sue summer susan suzanne sylvia tamara tanya tara tariq tasha ted teddy teresa terry tess theo
theodore theresa thomas tia tilly tim timothy tina toby tom tommy toni tony tracey tracy trevor troy tyler usman valerie
vanessa vera veronica vicky victor victoria vince vincent violet vivian vivienne wayne wendy wesley will william willow
winifred yasmin yusuf yvonne zac zach zachary zain zainab zara zoe zofia zuzanna agata kasia tomasz marek jakub oksana
olena chidi chioma ngozi emeka kwame kofi ama abena femi tunde yemi adebayo funmilayo precious blessing chinedu nkechi
rukhsana nazia shazia bilal zubair waqas haroon arif asad naveen sunil sanjay vijay anjali pooja neha deepa meera kiran
harpreet jaswinder kuldeep sukhvinder balvinder amrit simran jasmeet lakshmi aditya ishaan reyansh aarav vihaan siddharth
abdi abdirahman abimbola adaeze adeel adnan aftab agnieszka akash akosua alina amaka amandeep andrei andrzej anwar
arshad ayub azhar babar bartosz bogdan bradley bryony callie carys chanel charlene chester chiamaka chukwuemeka
clifford clint colleen corinne cristina damon darcey darcy davina dawn-marie debra delia derrick desiree dexter dmitri
donovan dorota doug dwayne efua emmanuel emmeline enzo esi eunice evangeline everett ewa ezra fabian farhan farooq
fartun felicity fenella florin flynn folake francis freddy gabriela garth gaynor geraint gethin ghulam glenys greta
grzegorz gwyneth haley halima hamid hamish haydn heath herbert hodan hollie honor humphrey hussein iestyn ifeoma ifrah
imelda imtiaz india iona ionut iqbal irfan isaiah ivor jacqui jamal jamila janine jared jarvis javid jayne jemima
jenson jerome jolene jonah jonathan jordan josie juliet junaid kane karima karina kasey kashif katarzyna kath kayden
keeley kehinde keira kelly-ann kelsey kendra kenny kerri kerry-ann khalid kian kirk kojo kristian krzysztof kwabena
kyra lance larry latifa laurence lawrence layton leanna leanne lee-ann lenny leroy leyla lianne lindiwe lionel lloyd
lottie louie lucinda lukasz lyndsey lynsey macy madeline magdalena maia majid malgorzata malik marcia marcin marco
margot mariam marianne marisa mariusz marjorie marlene martyn maxine melvin meredith merlin mervyn michal micheal
mihai miles milo mitchell monty morag morris mumtaz muriel myles myra nadeem nadine naeem nana nancy nasim nasreen
natalia neve nia niamh nico nikki nikolai nomvula noor norah noreen odette olly olumide oluwaseun orla ozzy parveen
pat patsy pawel perry petra phillip piers preston qasim quentin rafiq raheem rahim randall rania rashid rebekah reg
regina rehana rhona rhydian riaz ricardo richie rikki rizwan robyn rochelle roisin rolf romilly ronan roxy russell
sabina sajid sajida saleem sally-anne salma samira sana sandy saoirse savannah scarlet selina sergei seth shabnam
shakeel shakira shamim shamima shanice shauna sheena shelby sheridan sherry sienna sinead sipho skye sobia sonny
soraya spencer stacy stefan steph stevie sultan sunita suzie sybil tahir taiwo tamsin tanisha tanveer temitope terence
terri thabo thelma themba tiffany tobias todd tolu tracey-ann trent trudy tyrone uche umar una ursula val vasile
vaughan vernon vicki vikki vinnie wanda warren wasim wilf wilfred winston wojciech wyn yasir yasmeen yaw yvette zack
zafar zahra zaid zeeshan zena zoey zubaida zulfiqar
`
